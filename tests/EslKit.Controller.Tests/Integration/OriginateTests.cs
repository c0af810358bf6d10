using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// What the switch receives: the exact originate strings of a trial call (shared gateway) and a pro call (the
/// captures' hostile password, a failover leg, one origination UUID per leg), dialled through the real dispatcher
/// to the emulator — and a pro tenant without SIP configuration, whose items fail without anything dialled.
/// </summary>
public sealed class OriginateTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const string HostilePassword = "p,a}s{s'w\"o rd=^^x";
    private const string TrialNumber = "60121000010";
    private const string ProNumber = "60121000020";
    private const string UnconfiguredNumber = "60121000030";

    [Fact]
    public async Task Trial_and_pro_originates_reach_the_switch_exactly_and_a_pro_tenant_without_configuration_dials_nothing()
    {
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            Dispatch = false,
            ConfigureSwitch = fs =>
            {
                fs.Calls.AddHost("127.0.0.1:5090").AddAccount("601548732123", HostilePassword);
                fs.Calls.DefaultOutcome = EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(1));
            },
        });
        var tenants = harness.Get<TenantService>();
        var trial = await tenants.CreateAsync(new NewTenant("trial", AccountType.Trial), default);
        var pro = await tenants.CreateAsync(new NewTenant("pro", AccountType.Pro), default);
        var unconfigured = await tenants.CreateAsync(new NewTenant("pro without sip", AccountType.Pro), default);
        await harness.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("601548732123", HostilePassword, "127.0.0.1:5091", "127.0.0.1:5090", "60387033446"), default);
        var trialCampaign = await StartCampaignAsync(harness, trial, TrialNumber);
        var proCampaign = await StartCampaignAsync(harness, pro, ProNumber);
        var unconfiguredCampaign = await StartCampaignAsync(harness, unconfigured, UnconfiguredNumber);

        var round = await harness.Get<CallDispatcher>().DispatchRoundAsync(default);

        Assert.Equal(2, round.Sent);
        await harness.WaitUntilAsync(
            async () => await ItemRow.AllSettledAsync(Database, trialCampaign) && await ItemRow.AllSettledAsync(Database, proCampaign),
            "both calls to end");
        var trialItem = Assert.Single(await ItemRow.ListAsync(Database, trialCampaign));
        var proItem = Assert.Single(await ItemRow.ListAsync(Database, proCampaign));
        var originates = harness.Switch.Calls.Originates;
        Assert.Equal(2, originates.Count);
        string socket = $"&socket(127.0.0.1:{harness.SocketPort}\\sasync\\sfull)";
        Assert.Equal(
            $"{{origination_uuid={trialItem.LegUuids[0]},origination_caller_id_number=010894904,originate_timeout=30," +
            $"eslkit_call_id={trialItem.CallId},eslkit_tenant={trial.Id},eslkit_campaign={trialCampaign},eslkit_attempt=1}}" +
            $"sofia/gateway/trunk/{TrialNumber} {socket}",
            Assert.Single(originates, o => o.Arguments.Contains(TrialNumber, StringComparison.Ordinal)).Arguments);
        Assert.Equal(
            $"<origination_caller_id_number=60387033446,originate_timeout=30,eslkit_call_id={proItem.CallId},eslkit_tenant={pro.Id}," +
            $"eslkit_campaign={proCampaign},eslkit_attempt=1,sip_auth_username=601548732123,sip_auth_password=p\\,a}}s{{s\\'w\"o\\srd=^^x>" +
            $"[origination_uuid={proItem.LegUuids[0]},leg_timeout=10]sofia/external/{ProNumber}@127.0.0.1:5091|" +
            $"[origination_uuid={proItem.LegUuids[1]}]sofia/external/{ProNumber}@127.0.0.1:5090 {socket}",
            Assert.Single(originates, o => o.Arguments.Contains(ProNumber, StringComparison.Ordinal)).Arguments);

        // Both answered: the trial call through the gateway, the pro call on its secondary proxy, whose account
        // accepted the hostile password as sent; the answered leg is the second one.
        Assert.Equal(("done", "answered"), (trialItem.State, trialItem.Disposition));
        Assert.Equal(("done", "answered"), (proItem.State, proItem.Disposition));
        var proLog = await harness.Get<CallLogStore>().GetAsync(proItem.CallId, 1, default);
        Assert.NotNull(proLog);
        Assert.Equal("pro 601548732123@127.0.0.1:5091 | 127.0.0.1:5090", proLog.Route);
        Assert.Equal(proItem.LegUuids[1], proLog.ChannelUuid);
        Assert.Equal("NORMAL_CLEARING", proLog.HangupCause);
        Assert.Equal("fs1", proLog.Node);
        Assert.Equal($"+OK {proItem.LegUuids[1]}\n", Assert.Single(originates, o => o.Arguments.Contains(ProNumber, StringComparison.Ordinal)).Result);

        // The pro tenant without SIP configuration: failed with the reason, nothing dialled.
        var failed = Assert.Single(await ItemRow.ListAsync(Database, unconfiguredCampaign));
        Assert.Equal(("failed", "no_sip_configuration", "Pro account requires SIP configuration"), (failed.State, failed.Disposition, failed.Error));
        Assert.DoesNotContain(originates, o => o.Arguments.Contains(UnconfiguredNumber, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2)] // the dead primary is given up after 2 s: the secondary rings 1 s and answers
    [InlineData(0)] // no leg_timeout: the dead primary holds the call for the whole originate timeout, none is left for the secondary
    public async Task A_dead_primary_proxy_is_given_up_after_its_leg_timeout_so_the_secondary_can_answer(int primaryLegTimeout)
    {
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            Dispatch = false,
            OriginateTimeoutSeconds = 15,
            Configuration = { ["Routing:PrimaryLegTimeoutSeconds"] = Text(primaryLegTimeout) },
            ConfigureSwitch = fs =>
            {
                fs.Calls.UnreachableHostsRefuse = false; // the primary (not added) rings silently: no answer, no refusal
                fs.Calls.AddHost("127.0.0.1:5090").AddAccount("601548732123", HostilePassword);
                fs.Calls.DefaultOutcome = EslCallOutcome.Answer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            },
        });
        var pro = await harness.Get<TenantService>().CreateAsync(new NewTenant("pro", AccountType.Pro), default);
        await harness.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("601548732123", HostilePassword, "127.0.0.1:5091", "127.0.0.1:5090"), default);
        var campaign = await StartCampaignAsync(harness, pro, ProNumber);

        Assert.Equal(1, (await harness.Get<CallDispatcher>().DispatchRoundAsync(default)).Sent);
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign), "the call to end", TimeSpan.FromSeconds(90));

        var item = Assert.Single(await ItemRow.ListAsync(Database, campaign));
        var originate = Assert.Single(harness.Switch.Calls.Originates);
        string primary = primaryLegTimeout > 0 ? $"[origination_uuid={item.LegUuids[0]},leg_timeout={primaryLegTimeout}]" : $"[origination_uuid={item.LegUuids[0]}]";
        Assert.Contains(primary + $"sofia/external/{ProNumber}@127.0.0.1:5091|[origination_uuid={item.LegUuids[1]}]sofia/external/{ProNumber}@127.0.0.1:5090 ", originate.Arguments, StringComparison.Ordinal);
        var log = await harness.Get<CallLogStore>().GetAsync(item.CallId, 1, default);
        Assert.NotNull(log);
        if (primaryLegTimeout > 0)
        {
            Assert.Equal(("done", "answered"), (item.State, item.Disposition));
            Assert.Equal($"+OK {item.LegUuids[1]}\n", originate.Result);
            Assert.Equal(item.LegUuids[1], log.ChannelUuid);
            Assert.Equal(1, harness.Switch.Calls.DialsByUuid[item.LegUuids[1]]);
        }
        else
        {
            Assert.Equal(("failed", "no_answer"), (item.State, item.Disposition));
            Assert.Equal("-ERR NO_ANSWER\n", originate.Result);
        }
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<long> StartCampaignAsync(ControllerHarness harness, Tenant tenant, string number)
    {
        var campaigns = harness.Get<CampaignService>();
        var campaign = await campaigns.CreateAsync(new NewCampaign(tenant.Id, "c-" + number, 1, null, new CallingWindow(TimeOnly.MinValue, TimeOnly.MaxValue)), default);
        await harness.Get<NumberImporter>().ImportAsync(tenant.Id, campaign.Id, NumberListReader.FromList(["+" + number]), default);
        await campaigns.StartAsync(tenant.Id, campaign.Id, default);
        return campaign.Id;
    }
}
