using EslKit.Controller.Calls;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// Call logs and money exact for known durations: the switch's clock is a FakeTimeProvider, so FreeSWITCH's
/// billsec (what the call log takes) is exactly the talk time, and cost and revenue follow the billing rules
/// (60 s increments at the tenant's price; trial telephony per increment; AI per answered second).
/// </summary>
public sealed class BillingTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const string TrialShort = "60121000050";
    private const string TrialLong = "60121000051";
    private const string ProLong = "60121000052";

    [Fact]
    public async Task Call_logs_and_charges_are_exact_for_known_durations()
    {
        var switchClock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            SwitchTime = switchClock,
            Configuration = { ["Nodes:0:HeartbeatTimeout"] = "01:00:00" }, // the switch's HEARTBEAT timer runs on its frozen clock
            ConfigureSwitch = fs =>
            {
                fs.Calls.AddHost("127.0.0.1:5090").AddAccount("601548732123", "secret-1");
                fs.Calls.SetOutcome(TrialShort, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(3)));
                fs.Calls.SetOutcome(TrialLong, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(61)));
                fs.Calls.SetOutcome(ProLong, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(61)));
            },
        });
        var trial = await harness.Get<TenantService>().CreateAsync(new NewTenant("billing-trial", AccountType.Trial), default);
        var pro = await harness.Get<TenantService>().CreateAsync(new NewTenant("billing-pro", AccountType.Pro, PricePerMinute: 0.20m), default);
        await harness.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("601548732123", "secret-1", "127.0.0.1:5090"), default);
        long trialCampaign = await Scenario.CampaignAsync(harness, trial, [TrialShort, TrialLong]);
        long proCampaign = await Scenario.CampaignAsync(harness, pro, [ProLong]);
        await harness.WaitUntilAsync(
            async () => await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE state = 'answered'") == 3,
            "the three calls to be answered");

        switchClock.Advance(TimeSpan.FromSeconds(3));
        await harness.WaitUntilAsync(async () => await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE state = 'done'") == 1, "the 3 s call to end");
        switchClock.Advance(TimeSpan.FromSeconds(58));
        await harness.WaitUntilAsync(
            async () => await ItemRow.AllSettledAsync(Database, trialCampaign) && await ItemRow.AllSettledAsync(Database, proCampaign),
            "the 61 s calls to end");

        var logs = harness.Get<CallLogStore>();
        var items = (await ItemRow.ListAsync(Database, trialCampaign)).Concat(await ItemRow.ListAsync(Database, proCampaign)).ToDictionary(i => i.Number);
        var shortCall = (await logs.GetAsync(items[TrialShort].CallId, 1, default))!;
        var longCall = (await logs.GetAsync(items[TrialLong].CallId, 1, default))!;
        var proCall = (await logs.GetAsync(items[ProLong].CallId, 1, default))!;

        Assert.Equal((3, 3, "NORMAL_CLEARING", "200"), (shortCall.Billsec, shortCall.DurationSeconds, shortCall.HangupCause, shortCall.SipStatus));
        Assert.Equal(TimeSpan.FromSeconds(3), shortCall.EndedAt - shortCall.AnsweredAt);
        Assert.Equal((0.150000m, 0.008000m, 0.002000m), (shortCall.Revenue, shortCall.TelephonyCost, shortCall.AiCost));
        Assert.Equal((61, 61), (longCall.Billsec, longCall.DurationSeconds));
        Assert.Equal((0.300000m, 0.016000m, 0.040667m), (longCall.Revenue, longCall.TelephonyCost, longCall.AiCost));
        Assert.Equal(61, proCall.Billsec);
        Assert.Equal((0.400000m, 0.000000m, 0.040667m), (proCall.Revenue, proCall.TelephonyCost, proCall.AiCost));
        Assert.Equal(("trial", "trial via gateway trunk", "pro", "pro 601548732123@127.0.0.1:5090"), (shortCall.AccountType, shortCall.Route, proCall.AccountType, proCall.Route));
    }
}
