using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// A node lost mid-campaign and back: while it is down it gets no new call; when it is back its channels
/// (<c>show channels</c>) are compared with the calls the database thinks are up on it — a call that ended
/// while nobody could hear it ends NODE_LOST (answered → done) and frees its slot, a call still up stays up.
/// </summary>
public sealed class ReconcileTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    [Fact]
    public async Task A_node_that_comes_back_is_reconciled_and_gets_no_call_while_down()
    {
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            Configuration = { ["Dispatcher:ReconcileGraceSeconds"] = "1" },
            ConfigureSwitch = fs => fs.Calls.DefaultOutcome = EslCallOutcome.NeverHangUp(),
        });
        var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant("reconcile", AccountType.Trial, 2), default);
        string[] numbers = Seed.MalaysianMobiles(3, 400);
        long campaign = await Scenario.CampaignAsync(harness, tenant, numbers);
        var fs = harness.Switch;
        await harness.WaitUntilAsync(
            async () => fs.Calls.ActiveCalls == 2 && (await ItemRow.ListAsync(Database, campaign)).Count(i => i.State == "answered") == 2,
            "two calls up (the tenant's limit)");
        var answered = (await ItemRow.ListAsync(Database, campaign)).Where(i => i.State == "answered").ToList();

        // The node goes away (a crash: no notice); one call ends while nobody can hear it.
        var stoppedAt = DateTimeOffset.UtcNow;
        await fs.StopAsync(notifyClients: false);
        await harness.WaitUntilAsync(() => Task.FromResult(!harness.Node.IsReady), "the node to be seen down");
        Guid killed = answered[0].LegUuids[0];
        await fs.ExecuteApiAsync($"uuid_kill {killed:D}");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a dispatcher with a free slot would try now: the node is down
        var restartedAt = DateTimeOffset.UtcNow;
        Assert.Equal(2, fs.Calls.Originates.Count);
        await fs.RestartAsync();

        await harness.WaitUntilAsync(
            async () => (await ItemRow.ListAsync(Database, campaign)).Single(i => i.CallId == answered[0].CallId).State == "done",
            "the call that ended unheard to be reconciled");
        var lost = await harness.Get<EslKit.Controller.Calls.CallLogStore>().GetAsync(answered[0].CallId, 1, default);
        Assert.Equal("NODE_LOST", lost!.HangupCause);
        Assert.Equal("answered", (await ItemRow.ListAsync(Database, campaign)).Single(i => i.CallId == answered[0].CallId).Disposition);

        // The other call: still up on the node → still up in the database; gone (the crash may end it as its socket
        // drops, heard after the restart or found by reconciliation) → ends done as well.
        if ((await fs.ExecuteApiAsync($"uuid_exists {answered[1].LegUuids[0]:D}")).Trim() == "true")
        {
            Assert.Equal("answered", (await ItemRow.ListAsync(Database, campaign)).Single(i => i.CallId == answered[1].CallId).State);
        }
        else
        {
            await harness.WaitUntilAsync(
                async () => (await ItemRow.ListAsync(Database, campaign)).Single(i => i.CallId == answered[1].CallId).State == "done",
                "the other call, gone from the node, to end");
        }

        // The freed slot goes to the third number, after the node came back; nothing was dialled twice.
        await harness.WaitUntilAsync(() => Task.FromResult(fs.Calls.Originates.Count == 3), "the third number to be dialled");
        Assert.DoesNotContain(fs.Calls.Originates, o => o.ReceivedAt > stoppedAt && o.ReceivedAt < restartedAt);
        Assert.All(fs.Calls.DialsByNumber.Values, n => Assert.Equal(1, n));
        Assert.All(fs.Calls.DialsByUuid.Values, n => Assert.Equal(1, n));
    }
}
