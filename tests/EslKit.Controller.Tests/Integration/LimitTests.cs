using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// Limits held end to end, measured by the switch itself (the emulator's maxima): each tenant's concurrency, the
/// shared gateway's limit across all trial tenants, the node's calls per second; and nothing dialled twice.
/// </summary>
public sealed class LimitTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const int CallsPerSecond = 6;

    [Fact]
    public async Task Tenant_trunk_and_pacing_limits_are_never_exceeded()
    {
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            CallsPerSecond = CallsPerSecond,
            PacingMarginMilliseconds = 250, // the switch counts on its own clock: room for a loaded machine's jitter
            TrunkLimit = 3,
            ConfigureSwitch = fs =>
            {
                fs.Calls.AddHost("sip.pro.example:5060").AddAccount("pro-user", "pro-secret");
                fs.Calls.DefaultOutcome = EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
            },
        });
        var tenants = harness.Get<TenantService>();
        var trialA = await tenants.CreateAsync(new NewTenant("trial-a", AccountType.Trial, 3), default);
        var trialB = await tenants.CreateAsync(new NewTenant("trial-b", AccountType.Trial, 2), default);
        var pro = await tenants.CreateAsync(new NewTenant("pro", AccountType.Pro, 4), default);
        await harness.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("pro-user", "pro-secret", "sip.pro.example:5060"), default);
        var campaigns = new List<long>();
        int first = 0;
        foreach (var tenant in new[] { trialA, trialB, pro })
        {
            var campaign = await harness.Get<CampaignService>().CreateAsync(new NewCampaign(tenant.Id, "load", 1, null, new CallingWindow(TimeOnly.MinValue, TimeOnly.MaxValue)), default);
            await harness.Get<NumberImporter>().ImportAsync(tenant.Id, campaign.Id, NumberListReader.FromList(Seed.MalaysianMobiles(8, first).Select(n => "+" + n)), default);
            first += 8;
            await harness.Get<CampaignService>().StartAsync(tenant.Id, campaign.Id, default);
            campaigns.Add(campaign.Id);
        }

        foreach (long campaign in campaigns)
        {
            await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign), "every call to end", TimeSpan.FromSeconds(120));
        }

        var calls = harness.Switch.Calls;
        var byTenant = calls.MaxConcurrentByVariable("eslkit_tenant");
        Assert.InRange(byTenant[Text(trialA.Id)], 1, 3);
        Assert.InRange(byTenant[Text(trialB.Id)], 1, 2);
        Assert.Equal(4, byTenant[Text(pro.Id)]);       // reached, never passed
        Assert.Equal(3, calls.MaxConcurrentByGateway()["trunk"]); // the shared trunk: all trial tenants together
        Assert.InRange(calls.MaxOriginatesPerSecond, 1, CallsPerSecond);
        Assert.Equal(24, calls.Originates.Count);
        Assert.All(calls.DialsByUuid.Values, n => Assert.Equal(1, n));
        foreach (long campaign in campaigns)
        {
            Assert.All(await ItemRow.ListAsync(Database, campaign), i => Assert.Equal(("done", "answered", 1), (i.State, i.Disposition, i.Attempt)));
        }
    }

    [Fact]
    public async Task A_node_that_reads_its_socket_late_still_never_counts_more_than_its_calls_per_second()
    {
        // The node stops reading for 1.5 s at a time (a busy or paused switch): originates sent meanwhile pile up
        // and are read together. Permits counted from the send would let two windows' worth land in one second;
        // pending until the node's reply, they cannot.
        const int PerSecond = 4;
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            CallsPerSecond = PerSecond,
            ConfigureSwitch = fs => fs.Calls.DefaultOutcome = EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromMilliseconds(300)),
        });
        var pro = await harness.Get<TenantService>().CreateAsync(new NewTenant("pro", AccountType.Pro, 20), default);
        await harness.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("pro-user", "pro-secret", "sip.pro.example:5060"), default);
        harness.Switch.Calls.AddHost("sip.pro.example:5060").AddAccount("pro-user", "pro-secret");
        var campaign = await harness.Get<CampaignService>().CreateAsync(new NewCampaign(pro.Id, "stalls", 1, null, new CallingWindow(TimeOnly.MinValue, TimeOnly.MaxValue)), default);
        await harness.Get<NumberImporter>().ImportAsync(pro.Id, campaign.Id, NumberListReader.FromList(Seed.MalaysianMobiles(16, 0).Select(n => "+" + n)), default);

        using var stop = new CancellationTokenSource();
        var stalls = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                harness.Switch.StallAll();
                await Task.Delay(1500, CancellationToken.None);
                harness.Switch.ResumeAll();
                await Task.Delay(400, CancellationToken.None);
            }
        });
        try
        {
            await harness.Get<CampaignService>().StartAsync(pro.Id, campaign.Id, default);
            await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign.Id), "every call to end", TimeSpan.FromSeconds(120));
        }
        finally
        {
            await stop.CancelAsync();
            await stalls;
            harness.Switch.ResumeAll();
        }

        var calls = harness.Switch.Calls;
        Assert.Equal(16, calls.Originates.Count);
        Assert.InRange(calls.MaxOriginatesPerSecond, 1, PerSecond);
        Assert.All(await ItemRow.ListAsync(Database, campaign.Id), i => Assert.Equal(("done", "answered"), (i.State, i.Disposition)));
    }

    [Fact]
    public async Task A_round_does_not_wait_for_a_stalled_node_and_its_permits_settle_once_the_node_reads()
    {
        var (harness, campaign) = await FourPerSecondAsync("stalled", firstNumber: 40);
        await using var _ = harness;

        // The node reads nothing: the round sends and goes on (before, it waited for the replies — the whole stall).
        harness.Switch.StallAll();
        try
        {
            var round = await harness.Get<CallDispatcher>().DispatchRoundAsync(default).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(3, round.Sent);
            Assert.Equal(3, await Database.ScalarAsync<int>("SELECT cardinality(pending) FROM node_pacing WHERE node = 'fs1'")); // still counted
        }
        finally
        {
            harness.Switch.ResumeAll();
        }

        // Read at last: the permits settle, stamped from then, and the calls go their way.
        await harness.WaitUntilAsync(
            async () => await Database.ScalarAsync<int>("SELECT cardinality(pending) FROM node_pacing WHERE node = 'fs1'") == 0,
            "the permits to settle");
        Assert.Equal(3, await Database.ScalarAsync<int>("SELECT cardinality(permits) FROM node_pacing WHERE node = 'fs1'"));
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign), "every call to end", TimeSpan.FromSeconds(60));
        Assert.Equal(3, harness.Switch.Calls.Originates.Count);
    }

    [Fact]
    public async Task A_rounds_chunks_await_their_replies_together_not_one_after_another()
    {
        // Four calls per second: permits are taken one at a time (a chunk each). The node reads nothing, so no reply
        // comes: each chunk's wait runs its full ReadWait. Awaited one after another, the three chunks took three
        // ReadWaits (on a loaded machine, where replies take 30-100 ms, that chain capped the calls per second).
        var (harness, campaign) = await FourPerSecondAsync("chunks", firstNumber: 50);
        await using var _ = harness;

        harness.Switch.StallAll();
        TimeSpan took;
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var round = await harness.Get<CallDispatcher>().DispatchRoundAsync(default).WaitAsync(TimeSpan.FromSeconds(20));
            took = started.Elapsed;
            Assert.Equal(3, round.Sent);
            Assert.Equal(3, await Database.ScalarAsync<int>("SELECT cardinality(pending) FROM node_pacing WHERE node = 'fs1'"));
        }
        finally
        {
            harness.Switch.ResumeAll();
        }

        Assert.True(CallDispatcher.ChunksInFlight >= 3);
        Assert.True(took < 3 * CallDispatcher.ReadWait, $"the round took {took.TotalMilliseconds:F0} ms: its chunks' waits ran one after another");
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign), "every call to end", TimeSpan.FromSeconds(60));
        Assert.Equal(3, harness.Switch.Calls.Originates.Count);
    }

    // A node of four calls per second (permits taken one at a time), the dispatcher stepped by hand, and a trial
    // tenant's campaign of three numbers, running.
    private async Task<(ControllerHarness Harness, long Campaign)> FourPerSecondAsync(string tenantName, int firstNumber)
    {
        var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            Dispatch = false,
            CallsPerSecond = 4,
            ConfigureSwitch = fs => fs.Calls.DefaultOutcome = EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromMilliseconds(200)),
        });
        try
        {
            var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant(tenantName, AccountType.Trial, 3), default);
            return (harness, await Scenario.CampaignAsync(harness, tenant, [.. Seed.MalaysianMobiles(3, firstNumber)]));
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    private static string Text(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
