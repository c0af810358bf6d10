using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// The calling window (in the callee's local time) and the DNC list, honoured by the dispatcher end to end: the
/// controller's clock is a FakeTimeProvider and the test steps the dispatcher round by round.
/// </summary>
public sealed class WindowAndDncTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const string First = "60121000060";
    private const string Second = "60121000061";
    private const string ListedBefore = "60121000062";
    private const string ListedAfter = "60121000063";

    [Fact]
    public async Task Nothing_is_dialled_outside_the_window_or_to_a_listed_number()
    {
        // 14:00 UTC = 22:00 in Kuala Lumpur: after the default window (08:00-21:00, callee's time).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            Dispatch = false,
            Time = clock,
            ConfigureSwitch = fs => fs.Calls.DefaultOutcome = EslCallOutcome.Busy(),
        });
        var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant("window", AccountType.Trial), default);
        var dnc = harness.Get<DoNotCallService>();
        await dnc.AddAsync(tenant.Id, ["+" + ListedBefore], "MY", default);
        var campaigns = harness.Get<CampaignService>();
        var campaign = await campaigns.CreateAsync(new NewCampaign(tenant.Id, "default window", 1), default);
        var report = await harness.Get<NumberImporter>().ImportAsync(tenant.Id, campaign.Id, NumberListReader.FromList(new[] { First, Second, ListedBefore, ListedAfter }.Select(n => "+" + n)), default);
        Assert.Equal(1, report.DoNotCall);
        await campaigns.StartAsync(tenant.Id, campaign.Id, default);
        await dnc.AddAsync(tenant.Id, ["+" + ListedAfter], "MY", default);
        var dispatcher = harness.Get<CallDispatcher>();

        Assert.Equal(0, (await dispatcher.DispatchRoundAsync(default)).Sent);
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 23, 59, 0, TimeSpan.Zero)); // 07:59 the next morning
        Assert.Equal(0, (await dispatcher.DispatchRoundAsync(default)).Sent);
        Assert.Empty(harness.Switch.Calls.Originates);

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero)); // 08:00
        Assert.Equal(2, (await dispatcher.DispatchRoundAsync(default)).Sent);
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign.Id), "the calls to end");

        var items = (await ItemRow.ListAsync(Database, campaign.Id)).ToDictionary(i => i.Number);
        Assert.Equal(("failed", "user_busy"), (items[First].State, items[First].Disposition));
        Assert.Equal(("failed", "user_busy"), (items[Second].State, items[Second].Disposition));
        Assert.Equal(("skipped", "dnc", 0), (items[ListedBefore].State, items[ListedBefore].Disposition, items[ListedBefore].Attempt));
        Assert.Equal(("skipped", "dnc", 0), (items[ListedAfter].State, items[ListedAfter].Disposition, items[ListedAfter].Attempt));
        Assert.Equal(new[] { First, Second }, harness.Switch.Calls.DialsByNumber.Keys.Order());
    }

    [Fact]
    public async Task A_number_whose_zones_never_share_the_window_is_skipped_window_and_the_rest_is_dialled_inside_it()
    {
        // 14:00 UTC = 22:00 in Kuala Lumpur.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            Dispatch = false,
            Time = clock,
            ConfigureSwitch = fs => fs.Calls.DefaultOutcome = EslCallOutcome.Busy(),
        });
        var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant("office hours", AccountType.Trial), default);
        var campaigns = harness.Get<CampaignService>();
        var officeHours = new CallingWindow(new TimeOnly(9, 0), new TimeOnly(17, 0));
        var campaign = await campaigns.CreateAsync(new NewCampaign(tenant.Id, "office hours", 1, Window: officeHours), default);

        // A Russian mobile may be anywhere from UTC+2 to UTC+12: 09:00-17:00 is never open in all its zones at once.
        const string Russian = "79161234567";
        var report = await harness.Get<NumberImporter>().ImportAsync(tenant.Id, campaign.Id, NumberListReader.FromList(["+" + First, "+" + Russian]), default);
        Assert.Equal((1, 1), (report.Accepted, report.OutsideWindow));
        await campaigns.StartAsync(tenant.Id, campaign.Id, default);
        var dispatcher = harness.Get<CallDispatcher>();

        Assert.Equal(0, (await dispatcher.DispatchRoundAsync(default)).Sent);
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 1, 0, 0, TimeSpan.Zero)); // 09:00 in Kuala Lumpur (and in Kamchatka: 13:00)
        Assert.Equal(1, (await dispatcher.DispatchRoundAsync(default)).Sent);
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign.Id), "the call to end");

        var items = (await ItemRow.ListAsync(Database, campaign.Id)).ToDictionary(i => i.Number);
        Assert.Equal(("failed", "user_busy", 1), (items[First].State, items[First].Disposition, items[First].Attempt));
        Assert.Equal(("skipped", "window", 0), (items[Russian].State, items[Russian].Disposition, items[Russian].Attempt));
        Assert.Equal([First], harness.Switch.Calls.DialsByNumber.Keys);
        var progress = await campaigns.GetProgressAsync(tenant.Id, campaign.Id, default);
        Assert.Equal(CampaignState.Completed, progress.State);
        Assert.Equal((1, 1), (progress.ByState[ItemState.Skipped], progress.ByDisposition["window"]));
    }

    [Fact]
    public async Task A_campaign_with_nothing_to_dial_completes_when_it_is_started()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions { Dispatch = false, Time = clock });
        var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant("nothing to dial", AccountType.Trial), default);
        var campaigns = harness.Get<CampaignService>();
        var campaign = await campaigns.CreateAsync(new NewCampaign(tenant.Id, "short window", Window: new CallingWindow(new TimeOnly(12, 0), new TimeOnly(13, 0))), default);
        await harness.Get<NumberImporter>().ImportAsync(tenant.Id, campaign.Id, NumberListReader.FromList(["+79161234567"]), default);

        var started = await campaigns.StartAsync(tenant.Id, campaign.Id, default);

        Assert.Equal(CampaignState.Completed, started.State);
        Assert.Equal(clock.GetUtcNow(), started.FinishedAt);
        Assert.Equal(0, (await harness.Get<CallDispatcher>().DispatchRoundAsync(default)).Sent);
        Assert.Empty(harness.Switch.Calls.Originates);
    }
}
