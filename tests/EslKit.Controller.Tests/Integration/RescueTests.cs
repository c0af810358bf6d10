using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// The lease rescuer against a real switch (the emulator) and PostgreSQL: an instance claims four items and dies
/// (its heartbeat row is gone, its leases lapsed) at four different moments; the live instance takes each item over
/// and dials nothing twice — never sent → waits again, the attempt not counted; sent and up on the node
/// (<c>uuid_exists</c> true) → adopted, no new originate, its hangup later ends it; sent, gone, end unheard →
/// INSTANCE_LOST, retried; end already in the call log → its outcome applied. The dead instance's slots are free.
/// </summary>
public sealed class RescueTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    [Fact]
    public async Task A_dead_instances_items_are_rescued_without_dialling_anything_twice()
    {
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions { Dispatch = false, TrunkLimit = 10 });

        // The instance that dies: its own services on the same database, on a clock months behind (its leases
        // have long lapsed for the live instance) and no heartbeat row.
        using var dead = Database.Services(new Dictionary<string, string?>
        {
            ["Dispatcher:InstanceId"] = "dead-instance",
            ["Routing:SharedGatewayConcurrencyLimit"] = "10",
        });
        var policy = new RetryPolicy(60, 60, FailureSeconds: 60, 60, 0);
        var tenantA = await dead.TenantAsync(AccountType.Trial, 3);
        var tenantB = await dead.TenantAsync(AccountType.Trial, 3);
        var campaignA = await dead.CampaignAsync(tenantA.Id, maxAttempts: 3, policy: policy);
        var campaignB = await dead.CampaignAsync(tenantB.Id, maxAttempts: 3, policy: policy);
        string[] numbers = Seed.MalaysianMobiles(4, 300);
        await dead.ImportAsync(campaignA, [.. numbers[..3].Select(n => "+" + n)]);
        await dead.ImportAsync(campaignB, "+" + numbers[3]);
        await dead.Get<CampaignService>().StartAsync(tenantA.Id, campaignA.Id, default);
        await dead.Get<CampaignService>().StartAsync(tenantB.Id, campaignB.Id, default);
        var batch = await dead.Get<CallPreparer>().PrepareAsync(10, harness.Node.Target, includeTrial: true, default);
        Assert.Equal(4, batch.Calls.Count);
        var byNumber = batch.Calls.ToDictionary(c => c.Item.Number);
        var neverSent = byNumber[numbers[0]];
        var up = byNumber[numbers[1]];
        var gone = byNumber[numbers[2]];
        var heard = byNumber[numbers[3]];

        var logs = harness.Get<CallLogStore>();
        foreach (var call in new[] { up, gone, heard })
        {
            await logs.RecordStartAsync(Start(call, harness.Node.Name), default);
        }

        // Sent and answered: the call is up on the node (the emulator's default far end never hangs up).
        var job = await harness.Node.Client.OriginateAsync(up.Route.Originate, default);
        Assert.True(job.IsSuccess, job.Body);
        await logs.RecordEndAsync(new CallEnd(heard.Item.CallId, 1, Guid.NewGuid(), null, DateTimeOffset.UtcNow, 0, 0, "USER_BUSY", "486", harness.Node.Name), default);
        Assert.Equal(4L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE claimed_by = 'dead-instance' AND state IN ('dialing', 'answered')"));

        Assert.Equal(4, await harness.Get<LeaseRescuer>().RescueAsync(default));
        Assert.Equal(0, await harness.Get<LeaseRescuer>().RescueAsync(default)); // taken once

        var itemsA = (await ItemRow.ListAsync(Database, campaignA.Id)).ToDictionary(i => i.Number);
        var itemsB = (await ItemRow.ListAsync(Database, campaignB.Id)).ToDictionary(i => i.Number);
        Assert.Equal(("retry", "released", 0), (itemsA[numbers[0]].State, itemsA[numbers[0]].Disposition, itemsA[numbers[0]].AttemptsUsed));
        Assert.Contains(itemsA[numbers[1]].State, new[] { "dialing", "answered" });
        Assert.Equal(("retry", "instance_lost", 1), (itemsA[numbers[2]].State, itemsA[numbers[2]].Disposition, itemsA[numbers[2]].AttemptsUsed));
        Assert.Equal(("retry", "user_busy", 1), (itemsB[numbers[3]].State, itemsB[numbers[3]].Disposition, itemsB[numbers[3]].AttemptsUsed));
        Assert.Equal("INSTANCE_LOST", (await logs.GetAsync(gone.Item.CallId, 1, default))!.HangupCause);
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE claimed_by = $1 AND state IN ('dialing', 'answered')", harness.Get<Microsoft.Extensions.Options.IOptions<DispatcherOptions>>().Value.InstanceId));

        // Nothing was dialled again: one originate, one channel, for the call that is up.
        Assert.Single(harness.Switch.Calls.Originates);
        Assert.All(harness.Switch.Calls.DialsByUuid.Values, n => Assert.Equal(1, n));

        // The adopted call's hangup ends it, heard by the live instance.
        Guid channel = up.Item.LegUuids[0];
        Assert.Equal("+OK\n", await harness.Switch.ExecuteApiAsync($"uuid_kill {channel:D}"));
        await harness.WaitUntilAsync(
            async () => (await ItemRow.ListAsync(Database, campaignA.Id)).Single(i => i.Number == numbers[1]).State == "done",
            "the adopted call to end");
        var log = await logs.GetAsync(up.Item.CallId, 1, default);
        Assert.NotNull(log!.EndedAt);
        Assert.NotNull(log.AnsweredAt);
    }

    private static CallStart Start(PreparedCall call, string node) =>
        new(call.Item.CallId, call.Item.Attempt, call.Item.TenantId, call.Item.CampaignId, call.Item.ItemId, call.Item.Number, call.Item.AccountType, call.Route.Description, node, DateTimeOffset.UtcNow);
}
