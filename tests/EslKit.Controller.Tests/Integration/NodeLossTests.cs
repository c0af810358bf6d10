using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// A node that never comes back: once nobody has reached it for Dispatcher:LostCallGraceSeconds, the calls the
/// database thinks are up on it are closed as lost (NODE_UNREACHABLE) — never re-dialled, since they may have been
/// answered — and their slots are released. The emulator is stopped and not restarted; the controller's clock is a
/// FakeTimeProvider and the test steps the watch.
/// </summary>
public sealed class NodeLossTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const string Answered = "60121000070";
    private const string Ringing = "60121000071";
    private const string Waiting = "60121000072";

    [Fact]
    public async Task Calls_on_a_node_nobody_reaches_for_the_grace_are_closed_as_lost_not_redialled_and_their_slots_released()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero));
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            Dispatch = false,
            Time = clock,
            OriginateTimeoutSeconds = 600,
            Configuration = { ["Dispatcher:LostCallGraceSeconds"] = "300" },
            ConfigureSwitch = fs =>
            {
                fs.Calls.DefaultOutcome = EslCallOutcome.NeverHangUp();
                fs.Calls.SetOutcome(Ringing, EslCallOutcome.NoAnswer()); // rings until the originate timeout
            },
        });
        var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant("lost node", AccountType.Trial, 2), default);
        long campaign = await Scenario.CampaignAsync(harness, tenant, [Answered, Ringing, Waiting], maxAttempts: 3);
        var fs = harness.Switch;
        var node = harness.Node;
        var watch = harness.Get<NodeReconciler>();

        Assert.Equal(2, (await harness.Get<CallDispatcher>().DispatchRoundAsync(default)).Sent); // the tenant's limit
        await harness.WaitUntilAsync(
            async () => fs.Calls.Originates.Count == 2 && (await Items(campaign))[Answered].State == "answered",
            "one call up and one ringing");
        Assert.Equal(0, await watch.WatchAsync(node, default)); // reached: a contact is recorded

        // The node dies (no notice) and never comes back; the ringing call's originate never gets its answer.
        await fs.StopAsync(notifyClients: false);
        await harness.WaitUntilAsync(() => Task.FromResult(!node.IsConnected), "the node to be seen unreachable");
        Assert.Equal(0, await watch.WatchAsync(node, default));

        clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(0, await watch.WatchAsync(node, default)); // not for long enough yet
        Assert.Equal(("answered", "dialing"), await States(campaign));

        // Another instance still reaches the node (it recorded a contact): its calls may well be up.
        await Database.ScalarAsync<int>("INSERT INTO node_contacts (node, seen_at) VALUES ($1, $2) ON CONFLICT (node) DO UPDATE SET seen_at = excluded.seen_at RETURNING 1", node.Name, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await watch.WatchAsync(node, default));
        Assert.Equal(("answered", "dialing"), await States(campaign));

        // Once nobody has reached it for the grace, both calls are closed as lost.
        clock.Advance(TimeSpan.FromSeconds(297));
        Assert.Equal(0, await watch.WatchAsync(node, default)); // the other instance's contact is 299 s old
        clock.Advance(TimeSpan.FromSeconds(1));
        int closed = await watch.WatchAsync(node, default); // or the reconciler's own loop, woken by the clock, got there first
        await harness.WaitUntilAsync(async () => await States(campaign) == ("done", "failed"), "both calls to be closed as lost");
        Assert.Contains(closed, new[] { 0, 2 });
        Assert.Equal(0, await watch.WatchAsync(node, default)); // once

        var items = await Items(campaign);
        Assert.Equal(("done", "node_unreachable", 1), (items[Answered].State, items[Answered].Disposition, items[Answered].Attempt));
        Assert.Equal(("failed", "node_unreachable", 1), (items[Ringing].State, items[Ringing].Disposition, items[Ringing].Attempt));
        Assert.Equal(("pending", 0), (items[Waiting].State, items[Waiting].Attempt));
        foreach (string number in new[] { Answered, Ringing })
        {
            var log = await harness.Get<CallLogStore>().GetAsync(items[number].CallId, 1, default);
            Assert.NotNull(log);
            Assert.Equal(("NODE_UNREACHABLE", (DateTimeOffset?)clock.GetUtcNow(), (int?)0), (log.HangupCause, log.EndedAt, log.Billsec));
        }

        // The slots are free (nothing counts as active on the tenant or the trunk), and nothing was dialled again.
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE tenant_id = $1 AND state IN ('dialing', 'answered')", tenant.Id));
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE trunk = 'gateway:trunk' AND state IN ('dialing', 'answered')"));
        Assert.Equal(0, node.ActiveCalls);
        Assert.Equal(2, fs.Calls.Originates.Count);
        Assert.Equal(0, (await harness.Get<CallDispatcher>().DispatchRoundAsync(default)).Sent); // the only node is gone
        Assert.Contains(harness.Logs.Entries, e => e.Contains("2 call(s) it had closed as lost", StringComparison.Ordinal));
    }

    private async Task<Dictionary<string, ItemRow>> Items(long campaign) =>
        (await ItemRow.ListAsync(Database, campaign)).ToDictionary(i => i.Number);

    private async Task<(string, string)> States(long campaign)
    {
        var items = await Items(campaign);
        return (items[Answered].State, items[Ringing].State);
    }
}
