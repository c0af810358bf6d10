using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// A hangup this instance hears of a call another instance placed waits <c>Calls:ForeignHangupDelayMilliseconds</c>:
/// when that instance wrote the end meanwhile, one query for the batch drops it (no lookup, no transaction); when
/// nobody did (the instance died), this one writes it. The other instance is simulated in the database: the item
/// claimed by "elsewhere", its call-log start written, the call originated on the node by another connection.
/// </summary>
public sealed class ForeignHangupTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const string Number = "60121000077";

    [Fact]
    public async Task A_call_nobody_else_wrote_is_written_here_after_the_delay()
    {
        await using var harness = await StartAsync(delayMs: 1500);
        var (callId, leg, campaign, tenant) = await ForeignCallAsync(harness);

        var placed = Stopwatch.StartNew();
        Assert.StartsWith("+OK", await harness.Switch.ExecuteApiAsync(Originate(callId, leg, campaign, tenant)));
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign), "the foreign call to be written here");
        var settledAfter = placed.Elapsed;

        var item = Assert.Single(await ItemRow.ListAsync(Database, campaign));
        Assert.Equal(("done", "answered"), (item.State, item.Disposition));
        var log = await harness.Get<CallLogStore>().GetAsync(callId, 1, default);
        Assert.Equal(leg, log?.ChannelUuid);
        Assert.NotNull(log!.EndedAt);
        // Logged once the end's writes are done: the item can be seen settled a moment before.
        await harness.WaitUntilAsync(
            () => Task.FromResult(harness.Logs.Entries.Any(e => e.Contains("[5105]", StringComparison.Ordinal) && e.Contains(callId.ToString(), StringComparison.Ordinal) && e.Contains("heard on inbound", StringComparison.Ordinal))),
            "the end to be logged as heard on inbound");

        // The call lasted 1 s and its end waited 1.5 s for its own instance: never written before both had passed.
        Assert.True(settledAfter >= TimeSpan.FromSeconds(2.4), $"settled {settledAfter.TotalMilliseconds:F0} ms after the originate");
    }

    [Fact]
    public async Task A_call_its_own_instance_wrote_in_time_is_dropped_after_one_check()
    {
        using var heard = new HangupsHeard();
        await using var harness = await StartAsync(delayMs: 3000);
        var (callId, leg, campaign, tenant) = await ForeignCallAsync(harness);

        Assert.StartsWith("+OK", await harness.Switch.ExecuteApiAsync(Originate(callId, leg, campaign, tenant)));
        await harness.WaitUntilAsync(() => Task.FromResult(harness.Switch.Calls.Originates.Count == 1 && harness.Switch.Calls.ActiveCalls == 0), "the call to end on the node", TimeSpan.FromSeconds(30));

        // The owner writes the end (as its CallEndRecorder would), within the delay.
        await Database.ExecuteAsync(
            "UPDATE call_logs SET ended_at = now(), channel_uuid = $2, hangup_cause = 'NORMAL_CLEARING', billsec = 77, duration_seconds = 78 WHERE call_id = $1 AND attempt = 1",
            callId, leg);
        await Database.ExecuteAsync("UPDATE campaign_items SET state = 'done', disposition = 'answered' WHERE call_id = $1", callId);

        await harness.WaitUntilAsync(() => Task.FromResult(heard.Count("inbound", "settled") >= 1), "the delayed check to drop it", TimeSpan.FromSeconds(30));
        Assert.Equal(0, heard.Count("inbound", "recorded"));
        Assert.Equal(0, harness.Get<HangupListener>().Backlog);
        var log = await harness.Get<CallLogStore>().GetAsync(callId, 1, default);
        Assert.Equal(77, log?.Billsec); // the owner's end stands
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Contains("[5105]", StringComparison.Ordinal) && e.Contains(callId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_copies_of_one_end_heard_at_once_are_written_once()
    {
        // The session's and the inbound connection's copies of one CHANNEL_HANGUP_COMPLETE arrive together: the
        // second waits for the first's write and finds it known, rather than writing the same rows again.
        using var heard = new HangupsHeard();
        await using var harness = await StartAsync(delayMs: 1500);
        var (callId, leg, campaign, _) = await ForeignCallAsync(harness);
        var endedAt = DateTimeOffset.UtcNow;
        var end = new CallEnd(callId, 1, leg, endedAt.AddSeconds(-5), endedAt, 6, 5, "NORMAL_CLEARING", "200", "fs1");
        var recorder = harness.Get<CallEndRecorder>();

        bool[] written = await Task.WhenAll(recorder.RecordHangupAsync(end, "copy-a", default), recorder.RecordHangupAsync(end, "copy-b", default));

        Assert.Equal(1, written.Count(w => w));
        Assert.Equal(1, heard.Count("copy-a", "recorded") + heard.Count("copy-b", "recorded"));
        Assert.Equal(1, heard.Count("copy-a", "known") + heard.Count("copy-b", "known"));
        var item = Assert.Single(await ItemRow.ListAsync(Database, campaign));
        Assert.Equal(("done", "answered"), (item.State, item.Disposition));
        Assert.Equal(5, (await harness.Get<CallLogStore>().GetAsync(callId, 1, default))?.Billsec);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_failed_originate_and_its_channels_hangup_write_the_attempts_end_once(bool hangupFirst)
    {
        // A refused call is reported twice to the instance that placed it: the originate's -ERR and its channel's
        // CHANNEL_HANGUP_COMPLETE, in either order or at once. The outcome is looked up and written once; the log ends
        // with the channel's details (its leg and SIP status), which the -ERR lacks.
        await using var harness = await StartAsync(delayMs: 1500);
        var (callId, leg, campaign, _) = await ForeignCallAsync(harness);
        var endedAt = DateTimeOffset.UtcNow;
        var hangup = new CallEnd(callId, 1, leg, null, endedAt, 1, 0, "UNALLOCATED_NUMBER", "404", "fs1");
        var recorder = harness.Get<CallEndRecorder>();

        if (hangupFirst)
        {
            await recorder.RecordHangupAsync(hangup, "inbound", default);
            await recorder.RecordOriginateFailureAsync(callId, 1, "UNALLOCATED_NUMBER", "fs1", default);
        }
        else
        {
            await recorder.RecordOriginateFailureAsync(callId, 1, "UNALLOCATED_NUMBER", "fs1", default);
            await recorder.RecordHangupAsync(hangup, "inbound", default);
        }

        await Task.WhenAll(recorder.RecordHangupAsync(hangup, "again", default), recorder.RecordOriginateFailureAsync(callId, 1, "UNALLOCATED_NUMBER", "fs1", default));

        var item = Assert.Single(await ItemRow.ListAsync(Database, campaign));
        Assert.Equal(("failed", "unallocated_number"), (item.State, item.Disposition));
        var log = await harness.Get<CallLogStore>().GetAsync(callId, 1, default);
        Assert.Equal((leg, "404", "UNALLOCATED_NUMBER"), (log?.ChannelUuid, log?.SipStatus, log?.HangupCause));
        Assert.Single(harness.Logs.Entries, e => e.Contains("[4004]", StringComparison.Ordinal) && e.Contains("-> failed", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Contains("[4005]", StringComparison.Ordinal)); // no second look at the item
    }

    private Task<ControllerHarness> StartAsync(int delayMs) => ControllerHarness.StartAsync(Database, new HarnessOptions
    {
        Configuration = { ["Calls:ForeignHangupDelayMilliseconds"] = delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ConfigureSwitch = fs => fs.Calls.SetOutcome(Number, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(1))),
    });

    // The item as another instance leaves it between its claim and the call's end: dialing, attempt 1, its lease held.
    private async Task<(Guid CallId, Guid Leg, long Campaign, long Tenant)> ForeignCallAsync(ControllerHarness harness)
    {
        var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant("elsewhere", AccountType.Trial), default);
        var leg = Guid.NewGuid();
        long campaign = await Scenario.CampaignAsync(harness, tenant, [Number], configure: id => Database.ExecuteAsync(
            """
            UPDATE campaign_items SET state = 'dialing', attempt = 1, attempts_used = 1, trunk = 'gateway:trunk', claimed_by = 'instance-elsewhere',
                   claimed_at = now(), lease_expires_at = now() + interval '10 minutes', leg_uuids = ARRAY[$2::uuid], updated_at = now()
            WHERE campaign_id = $1
            """, id, leg));
        var item = Assert.Single(await ItemRow.ListAsync(Database, campaign));
        await harness.Get<CallLogStore>().RecordStartAsync(
            new CallStart(item.CallId, 1, tenant.Id, campaign, null, "+" + Number, AccountType.Trial, "via gateway:trunk", "fs1", DateTimeOffset.UtcNow), default);
        return (item.CallId, leg, campaign, tenant.Id);
    }

    // What the other instance's router would send (the variables the controller reads back from CHANNEL_HANGUP_COMPLETE).
    private static string Originate(Guid callId, Guid leg, long campaign, long tenant) =>
        $"originate {{eslkit_call_id={callId},eslkit_attempt=1,eslkit_tenant={tenant},eslkit_campaign={campaign},origination_uuid={leg}}}sofia/gateway/trunk/{Number} &park";

    // The controller's hangups-heard counter, by source and result.
    private sealed class HangupsHeard : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<(string, string), long> _counts = new();

        public HangupsHeard()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "eslkit.controller.hangups.heard")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string source = string.Empty, result = string.Empty;
                foreach (var tag in tags)
                {
                    if (tag.Key == "source")
                    {
                        source = tag.Value as string ?? string.Empty;
                    }
                    else if (tag.Key == "result")
                    {
                        result = tag.Value as string ?? string.Empty;
                    }
                }

                _counts.AddOrUpdate((source, result), value, (_, total) => total + value);
            });
            _listener.Start();
        }

        public long Count(string source, string result) => _counts.GetValueOrDefault((source, result));

        public void Dispose() => _listener.Dispose();
    }
}
