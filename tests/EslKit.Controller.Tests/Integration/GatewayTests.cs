using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// The shared gateway going down: the node answers <c>-ERR GATEWAY_DOWN</c>, the attempt is retried without being
/// counted (nothing reached the callee), the node takes no trial calls until a health check finds the gateway
/// registered again — while pro calls (their own SIP accounts) go on.
/// </summary>
public sealed class GatewayTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private static readonly string[] Trial = ["60121000080", "60121000081"];
    private const string Pro = "60121000082";

    [Fact]
    public async Task Trial_calls_wait_for_the_gateway_and_pro_calls_go_on()
    {
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            Dispatch = false,
            Configuration = { ["Dispatcher:HealthCheckSeconds"] = "3600" }, // checks only at connect and on request
            ConfigureSwitch = fs =>
            {
                fs.Calls.AddHost("sip.pro.example").AddAccount("pro-user", "pro-secret");
                fs.Calls.DefaultOutcome = EslCallOutcome.Busy();
            },
        });
        var tenants = harness.Get<TenantService>();
        var trial = await tenants.CreateAsync(new NewTenant("gw-trial", AccountType.Trial), default);
        var pro = await tenants.CreateAsync(new NewTenant("gw-pro", AccountType.Pro), default);
        await harness.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("pro-user", "pro-secret", "sip.pro.example"), default);
        var campaigns = harness.Get<CampaignService>();
        var policy = new RetryPolicy(1, 1, FailureSeconds: 1, 1, 0);
        var trialCampaign = await campaigns.CreateAsync(new NewCampaign(trial.Id, "trial", 2, policy, new CallingWindow(TimeOnly.MinValue, TimeOnly.MaxValue)), default);
        await harness.Get<NumberImporter>().ImportAsync(trial.Id, trialCampaign.Id, NumberListReader.FromList(Trial.Select(n => "+" + n)), default);
        await campaigns.StartAsync(trial.Id, trialCampaign.Id, default);
        var dispatcher = harness.Get<CallDispatcher>();
        var node = harness.Node;
        Assert.True(node.GatewayUsable);

        // The gateway's registration fails after the last health check: the node answers GATEWAY_DOWN.
        await harness.Switch.Calls.SetGatewayDownAsync("trunk");
        Assert.Equal(2, (await dispatcher.DispatchRoundAsync(default)).Sent);
        await harness.WaitUntilAsync(async () => (await ItemRow.ListAsync(Database, trialCampaign.Id)).All(i => i.State == "retry"), "the trial attempts to be retried");
        Assert.All(await ItemRow.ListAsync(Database, trialCampaign.Id), i => Assert.Equal(("gateway_down", 0), (i.Disposition, i.AttemptsUsed)));
        Assert.False(node.GatewayUsable);
        Assert.All(harness.Switch.Calls.Originates, o => Assert.Equal("-ERR GATEWAY_DOWN\n", o.Result));

        // Retries fall due, but the node's gateway is down: no trial call; a pro call goes through.
        await harness.WaitUntilAsync(
            async () => await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE state = 'retry' AND next_attempt_at > now()") == 0,
            "the retries to fall due");
        long proCampaign = await Scenario.CampaignAsync(harness, pro, [Pro]);
        Assert.Equal(1, (await dispatcher.DispatchRoundAsync(default)).Sent);
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, proCampaign), "the pro call to end");
        Assert.Equal(3, harness.Switch.Calls.Originates.Count);
        Assert.All(await ItemRow.ListAsync(Database, trialCampaign.Id), i => Assert.Equal("retry", i.State));

        // Registered again, seen by a health check: the trial calls go.
        await harness.Switch.Calls.SetGatewayUpAsync("trunk");
        await harness.Get<NodeHealthMonitor>().CheckAsync(node, default);
        Assert.True(node.GatewayUsable);
        Assert.Equal(2, (await dispatcher.DispatchRoundAsync(default)).Sent);
        await harness.WaitUntilAsync(
            async () => (await ItemRow.ListAsync(Database, trialCampaign.Id)).All(i => (i.State, i.Disposition, i.AttemptsUsed) == ("retry", "user_busy", 1)),
            "the first counted attempts (busy) to be retried");
        await harness.WaitUntilAsync(
            async () => await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE state = 'retry' AND next_attempt_at > now()") == 0,
            "the retries to fall due");
        Assert.Equal(2, (await dispatcher.DispatchRoundAsync(default)).Sent);
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, trialCampaign.Id), "the trial calls to end");
        Assert.All(await ItemRow.ListAsync(Database, trialCampaign.Id), i => Assert.Equal(("failed", "user_busy", 2), (i.State, i.Disposition, i.AttemptsUsed)));
    }
}
