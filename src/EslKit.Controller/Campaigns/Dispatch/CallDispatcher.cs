using System.Diagnostics;
using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>
/// The dispatcher loop. Per round: for each ready node (most headroom first) see how many permits its pacer has
/// free (its calls per second), claim and route at most that many items for it (<see cref="CallPreparer"/>: tenant
/// and trunk limits under row locks, leg UUIDs stored first), record the attempts' starts, and send each
/// <c>bgapi originate</c> as its permit is taken, without waiting for it (one node's sends go on while the next
/// node's calls are claimed; the round ends when every node has read its originates or ReadWait passed) — many are in flight at once, up to
/// <see cref="DispatcherOptions.MaxInFlight"/>. Each BACKGROUND_JOB is handled as it comes: <c>+OK</c> marks the
/// item answered; <c>-ERR &lt;cause&gt;</c> writes the attempt's call log and outcome (<see cref="CallEndRecorder"/>);
/// the node's "not now" (<c>DESTINATION_OUT_OF_ORDER</c>) costs no attempt and pauses the node with a doubling
/// back-off; GATEWAY_DOWN / INVALID_GATEWAY stop trial calls to that node until its gateway is registered again.
/// </summary>
/// <remarks>
/// Waking up: an ended attempt, a returned originate or a started campaign wakes the loop (<see cref="DispatchSignal"/>),
/// at most once per <see cref="RoundSpacing"/> after a round that was not saturated — under load every call's end
/// wakes it, and a round per end would claim one call at a time at the full cost of a round; otherwise it sleeps until the next retry falls due, a node's pacing frees up, or
/// at most <see cref="DispatcherOptions.IdlePollMilliseconds"/> (starting at 50 ms and doubling while idle). A
/// timed look rather than LISTEN/NOTIFY: everything this instance does wakes it directly, what other instances
/// and the clock do is found within the poll, and an idle poll costs one indexed query per second.
/// Stopping: no new claims; originates in flight are awaited for <see cref="DispatcherOptions.ShutdownGraceSeconds"/>
/// and recorded as they come back; any still unanswered keep their items' leases (part 2's rescuer asks the
/// node whether their UUIDs exist).
/// </remarks>
internal sealed class CallDispatcher(
    NodeRegistry registry,
    NodeChooser chooser,
    INodePacer pacer,
    CallPreparer preparer,
    CallLogStore callLogs,
    OutcomeRecorder outcomes,
    CallEndRecorder ends,
    InstanceRegistry instances,
    LeaseRescuer rescuer,
    ResultJournal journal,
    NodeHealthMonitor monitor,
    DispatchSignal signal,
    NpgsqlDataSource dataSource,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<CallDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long a round waits for a node to read a chunk of originates before it goes on: normally the replies are back
    /// within milliseconds; a stalled node must not hold up the others. Its permits stay pending until they settle.
    /// </summary>
    internal static readonly TimeSpan ReadWait = TimeSpan.FromSeconds(1);

    /// <summary>The least time from one round's start to the next when the first was not saturated (wakes in between wait).</summary>
    internal static readonly TimeSpan RoundSpacing = TimeSpan.FromMilliseconds(20);

    // Permits are taken in chunks of a twentieth of the node's calls per second (at least one).
    private const int PermitChunksPerSecond = 20;

    // Chunks of one node whose replies are awaited at once. Waiting for each chunk's replies before the next made a
    // round's sends a chain of round trips to the node: on a loaded machine (replies in 30-100 ms) that, not the
    // CPU, capped the calls per second. Pending permits count whatever their age, so the limit holds either way.
    internal const int ChunksInFlight = 4;
    private readonly DispatcherOptions _options = options.Value;
    private int _inFlight;
    private long _sent;
    private volatile TaskCompletionSource? _drained;

    /// <summary>Originates sent and not yet answered (their BACKGROUND_JOB has not come).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Originates this instance has sent since it started.</summary>
    public long OriginatesSent => Interlocked.Read(ref _sent);

    /// <summary>One round (see the class summary). The loop calls it; tests call it directly to step the dispatcher.</summary>
    public async Task<DispatchRound> DispatchRoundAsync(CancellationToken cancellationToken)
    {
        int sent = 0;
        int claimed = 0;
        bool saturated = false;
        TimeSpan? retryAfter = null;
        var sends = new List<Task>();
        try
        {
            await ClaimAndSendAsync().ConfigureAwait(false);
        }
        catch
        {
            // The calls of the nodes served so far are claimed and on their way: the round fails once they are sent
            // (its own failure is the one reported).
            await Task.WhenAll(sends).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
        return new DispatchRound(sent, saturated, retryAfter);

        async Task ClaimAndSendAsync()
        {
            foreach (var node in chooser.Rank())
            {
                // Claimed this round and not yet sent count against MaxInFlight too: the nodes' sends run together.
                int room = Math.Min(Math.Min(node.Headroom, _options.MaxInFlight - InFlight - claimed), node.Options.CallsPerSecond);
                if (room <= 0)
                {
                    continue;
                }

                var available = await pacer.PeekAsync(node.Name, node.Options.CallsPerSecond, room, cancellationToken).ConfigureAwait(false);
                if (available.Granted < room)
                {
                    retryAfter = Earliest(retryAfter, available.RetryAfter);
                }

                if (available.Granted == 0)
                {
                    continue;
                }

                var batch = await preparer.PrepareAsync(available.Granted, node.Target, node.GatewayUsable, cancellationToken).ConfigureAwait(false);
                sends.Add(SendAsync(node, batch.Calls)); // each node's sends go on while the next node's calls are claimed
                claimed += batch.Calls.Count;
                sent += batch.Calls.Count;
                saturated |= batch.Claimed == available.Granted;
            }
        }
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _drained = drained;
        if (InFlight == 0)
        {
            drained.TrySetResult();
        }
        else
        {
            DispatchLog.Draining(logger, InFlight);
        }

        try
        {
            await drained.Task.WaitAsync(TimeSpan.FromSeconds(_options.ShutdownGraceSeconds), time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            DispatchLog.DrainTimedOut(logger, InFlight);
        }

        if (registry.Nodes.Count > 0)
        {
            try
            {
                await instances.RemoveAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The database is away: the row simply expires.
            }
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (registry.Nodes.Count == 0 || !_options.Enabled)
        {
            return;
        }

        DispatchLog.Started(logger, _options.InstanceId, registry.Nodes.Count, _options.MaxInFlight);
        var heartbeatEvery = TimeSpan.FromSeconds(_options.LeaseSeconds / 3.0);
        var nextHeartbeat = DateTimeOffset.MinValue;
        var idle = ShortestWait;
        var longestIdle = TimeSpan.FromMilliseconds(_options.IdlePollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                if (time.GetUtcNow() >= nextHeartbeat)
                {
                    await instances.HeartbeatAsync(stoppingToken).ConfigureAwait(false);
                    nextHeartbeat = time.GetUtcNow() + heartbeatEvery;

                    // Dead instances' items, once this instance's own journalled results are written (an end it
                    // holds would otherwise look lost).
                    if (journal.Depth == 0 && await rescuer.RescueAsync(stoppingToken).ConfigureAwait(false) > 0)
                    {
                        signal.Wake();
                    }

                    // A campaign whose last item settled just before a crash (its completion check runs after the commit).
                    await CampaignCompletion.SweepAsync(dataSource, time.GetUtcNow(), logger, stoppingToken).ConfigureAwait(false);
                }

                long roundStarted = time.GetTimestamp();
                var round = await DispatchRoundAsync(stoppingToken).ConfigureAwait(false);
                if (round.Saturated && round.RetryAfter is null)
                {
                    idle = ShortestWait;
                    continue; // everything permitted was claimed: more is due now
                }

                idle = round.Sent > 0 ? ShortestWait : Min(idle + idle, longestIdle);
                wait = Min(round.RetryAfter ?? longestIdle, idle);
                if (wait > ShortestWait && await NextDueInAsync(stoppingToken).ConfigureAwait(false) is { } due)
                {
                    wait = Min(wait, due); // only worth a query when the loop would sleep longer than its shortest wait
                }

                var spacing = RoundSpacing - time.GetElapsedTime(roundStarted);
                if (spacing > TimeSpan.Zero)
                {
                    // Ends arriving meanwhile are served together by the next round.
                    await Task.Delay(spacing, time, stoppingToken).ConfigureAwait(false);
                    wait -= spacing;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                DispatchLog.RoundFailed(logger, (long)longestIdle.TotalMilliseconds, ex);
                wait = longestIdle;
            }

            try
            {
                if (await signal.WaitAsync(wait < TimeSpan.FromMilliseconds(5) ? TimeSpan.FromMilliseconds(5) : wait, time, stoppingToken).ConfigureAwait(false))
                {
                    idle = ShortestWait;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan b) => a is null || b < a ? b : a;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // How long until the next waiting item of a running campaign falls due (a retry's time), if one does later.
    private async Task<TimeSpan?> NextDueInAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand(
            """
            SELECT min(i.next_attempt_at) FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id
            WHERE c.state = 'running' AND i.state IN ('pending', 'retry') AND i.next_attempt_at > $1
            """);
        command.Parameters.Add(new() { Value = now });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime due
            ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) - now
            : null;
    }

    // Records the attempts' starts, then sends them, taking each one's permit at the moment it is sent (so the
    // permits' times are the originates' times on the wire). Calls are claimed only for permits seen free, so with
    // one dispatcher per node the permits are there; with several (part 2) the rest wait for theirs. Not
    // cancelled by a stop: claimed calls are sent (or their items keep their leases).
    private async Task SendAsync(FreeSwitchNode node, IReadOnlyList<PreparedCall> calls)
    {
        if (calls.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        await callLogs.RecordStartsAsync(
            [.. calls.Select(c => new CallStart(c.Item.CallId, c.Item.Attempt, c.Item.TenantId, c.Item.CampaignId, c.Item.ItemId, c.Item.Number, c.Item.AccountType, c.Route.Description, node.Name, now))],
            CancellationToken.None).ConfigureAwait(false);

        // The node counts an originate when it reads it, which on a busy machine can trail the grant by a lot (the
        // connection's writer, the wire, the node's reader). So permits are taken a small chunk at a time and stay
        // pending — counted whatever their age — until the node has read the chunk's originates (each bgapi's reply
        // is back, or it failed); then they are stamped with that moment, no earlier than the node's own count. Up to
        // ChunksInFlight chunks await their replies at once; each wait is bounded by ReadWait, so a node that reads
        // late holds up no other node: its permits settle whenever its replies come.
        int chunk = Math.Max(1, node.Options.CallsPerSecond / PermitChunksPerSecond);
        int next = 0;
        var reading = new Queue<Task>();
        while (next < calls.Count)
        {
            if (reading.Count >= ChunksInFlight)
            {
                await ReadOrWaitAsync(reading.Dequeue()).ConfigureAwait(false);
            }

            int wanted = Math.Min(chunk, calls.Count - next);
            var grant = await pacer.AcquireAsync(node.Name, node.Options.CallsPerSecond, wanted, CancellationToken.None).ConfigureAwait(false);
            if (grant.Granted > 0)
            {
                var read = new Task[grant.Granted];
                for (int i = 0; i < grant.Granted; i++)
                {
                    read[i] = Send(node, calls[next++]); // queued on the node's connection, whose writer sends it at once
                }

                reading.Enqueue(SettleWhenReadAsync(node, grant, read));
            }

            if (next < calls.Count && grant.Granted < wanted)
            {
                await Task.Delay(grant.RetryAfter > ShortestWait ? grant.RetryAfter : ShortestWait, time, CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (reading.Count > 0)
        {
            await ReadOrWaitAsync(Task.WhenAll(reading)).ConfigureAwait(false);
        }
    }

    // A chunk's replies, or ReadWait, whichever comes first.
    private async Task ReadOrWaitAsync(Task settled)
    {
        using var waited = new CancellationTokenSource();
        await Task.WhenAny(settled, Task.Delay(ReadWait, time, waited.Token)).ConfigureAwait(false);
        await waited.CancelAsync().ConfigureAwait(false);
    }

    // Once the node has read the chunk's originates (each task completes, never faults), their permits settle at now.
    private async Task SettleWhenReadAsync(FreeSwitchNode node, PacerGrant grant, Task[] read)
    {
        await Task.WhenAll(read).ConfigureAwait(false);
        try
        {
            await pacer.SettleAsync(node.Name, grant.TakenAt, grant.Granted, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The database is away: pending, they keep counting until the hold lapses — never too few counted.
            DispatchLog.SettleFailed(logger, node.Name, grant.Granted, ex);
        }
    }

    // Sends one originate; the task completes when the node has read it (its bgapi reply) or it could not be sent.
    private Task Send(FreeSwitchNode node, PreparedCall call)
    {
        node.TrackCall(call.Item.CallId, call.Item.Attempt);
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _sent);
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = OriginateAsync(node, call, read);
        return read.Task;
    }

    private async Task OriginateAsync(FreeSwitchNode node, PreparedCall call, TaskCompletionSource read)
    {
        var item = call.Item;
        long started = Stopwatch.GetTimestamp();
        try
        {
            DispatchLog.Sent(logger, item.CallId, item.Attempt, node.Name, call.Route.Description);
            EslBackgroundJob job;
            try
            {
                // Not cancelled when the host stops: a sent originate is followed to its result.
                var accepted = await node.Client.StartOriginateAsync(call.Route.Originate, CancellationToken.None).ConfigureAwait(false);
                read.TrySetResult();
                job = await accepted.Result.ConfigureAwait(false);
            }
            catch (EslCommandFailedException)
            {
                // FreeSWITCH refused the bgapi itself (no job started): nothing was dialled.
                read.TrySetResult();
                await RefusedAsync(node, call, HangupCauses.DestinationOutOfOrder).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is EslConnectionLostException or EslCommandTimeoutException)
            {
                // The call may or may not be up on the node: leave the item dialing under its lease.
                DispatchLog.OutcomeUnknown(logger, item.CallId, item.Attempt, node.Name, ex.GetType().Name);
                Count(node, "unknown");
                node.CallEnded(item.CallId, item.Attempt);
                return;
            }

            DispatchMetrics.OriginateDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("node", node.Name));
            if (job.IsSuccess)
            {
                node.Accepted();
                Count(node, "ok");
                DispatchLog.JobResult(logger, item.CallId, item.Attempt, node.Name, "answered");
                await outcomes.MarkAnsweredAsync(item.CallId, item.Attempt, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            string cause = HangupCauses.Normalize(job.Body);
            DispatchLog.JobResult(logger, item.CallId, item.Attempt, node.Name, cause);
            if (HangupCauses.IsGatewayUnusable(cause))
            {
                // Nothing reached the callee: no attempt spent, and no trial call to this node until its gateway is
                // registered again, so the retry goes to another node (pro calls still come here).
                node.Accepted();
                Count(node, cause);
                node.MarkGatewayUnusable(cause);
                DispatchLog.GatewayRefused(logger, node.Name, cause);
                monitor.RequestCheck(node);
                await ends.RecordOriginateFailureAsync(item.CallId, item.Attempt, cause, node.Name, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            if (HangupCauses.Classify(cause) == CauseClass.NodeRefusal)
            {
                await RefusedAsync(node, call, cause).ConfigureAwait(false);
                return;
            }

            node.Accepted();
            Count(node, cause);
            await ends.RecordOriginateFailureAsync(item.CallId, item.Attempt, cause, node.Name, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            DispatchLog.RecordFailed(logger, item.CallId, item.Attempt, ex);
        }
        finally
        {
            read.TrySetResult();
            if (Interlocked.Decrement(ref _inFlight) == 0)
            {
                _drained?.TrySetResult();
            }

            signal.Wake();
        }
    }

    private async Task RefusedAsync(FreeSwitchNode node, PreparedCall call, string cause)
    {
        var backoff = node.Refused();
        await pacer.PauseAsync(node.Name, backoff, CancellationToken.None).ConfigureAwait(false);
        DispatchMetrics.NodeRefusals.Add(1, new KeyValuePair<string, object?>("node", node.Name));
        Count(node, cause);
        DispatchLog.NodeRefused(logger, node.Name, cause, (long)backoff.TotalMilliseconds);
        await ends.RecordOriginateFailureAsync(call.Item.CallId, call.Item.Attempt, cause, node.Name, CancellationToken.None).ConfigureAwait(false);
    }

    private static void Count(FreeSwitchNode node, string result) =>
        DispatchMetrics.Originates.Add(1, new KeyValuePair<string, object?>("node", node.Name), new KeyValuePair<string, object?>("result", result));
}
