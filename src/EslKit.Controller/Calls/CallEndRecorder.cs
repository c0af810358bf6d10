using System.Collections.Concurrent;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using EslKit.Controller.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EslKit.Controller.Calls;

/// <summary>
/// The one path by which an attempt's end is written, whoever heard it: the outbound session, any node's inbound
/// connection (CHANNEL_HANGUP_COMPLETE), or the dispatcher (an originate's <c>-ERR &lt;cause&gt;</c>). Writes the
/// call log (<see cref="CallLogStore"/>) and the item's outcome (<see cref="OutcomeRecorder"/>), both idempotent
/// per (call id, attempt), so the same end heard twice changes nothing; then frees the node's count and wakes the
/// dispatcher (the tenant's and trunk's slots are free once the item left dialing/answered).
/// </summary>
internal sealed class CallEndRecorder(
    NpgsqlDataSource dataSource,
    CallLogStore callLogs,
    OutcomeRecorder outcomes,
    NodeRegistry nodes,
    DispatchSignal signal,
    ResultJournal journal,
    TimeProvider time,
    ILogger<CallEndRecorder> logger)
{
    // The ends this instance wrote, found written, or journalled: hearing one again changes nothing.
    private readonly RecentKeys<(Guid CallId, int Attempt, Guid Leg)> _recorded = new();

    // The ends being written right now: a copy heard meanwhile (the session's and the inbound connection's copies
    // of one event arrive together) waits for that write instead of racing it to the same rows.
    private readonly ConcurrentDictionary<(Guid CallId, int Attempt, Guid Leg), Task> _writing = new();

    /// <summary>
    /// A channel's CHANNEL_HANGUP_COMPLETE. The unanswered end of a failover leg that is not the call's last leg
    /// is not the attempt's end (the next leg is being tried): it is ignored.
    /// </summary>
    /// <remarks>With the database away the end goes to the local journal (<see cref="ResultJournal"/>), replayed when it returns.</remarks>
    /// <returns>Whether the call log changed (false when journalled).</returns>
    public async Task<bool> RecordHangupAsync(CallEnd end, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        var sourceTag = new KeyValuePair<string, object?>("source", source);
        if (end.ChannelUuid is not { } leg)
        {
            return await RecordNewHangupAsync(end, source, sourceTag, cancellationToken).ConfigureAwait(false);
        }

        var key = (end.CallId, end.Attempt, leg);
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _writing.GetOrAdd(key, mine.Task);
        if (running != mine.Task)
        {
            // Another copy is being written: once it is (or failed), this one is known — or written here after all.
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
            return await RecordNewHangupAsync(end, source, sourceTag, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await RecordNewHangupAsync(end, source, sourceTag, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.TryRemove(new KeyValuePair<(Guid, int, Guid), Task>(key, mine.Task));
            mine.TrySetResult();
        }
    }

    private async Task<bool> RecordNewHangupAsync(CallEnd end, string source, KeyValuePair<string, object?> sourceTag, CancellationToken cancellationToken)
    {
        if (Knows(end))
        {
            // Heard already (the session's and the inbound connection's copies of one event): nothing to write.
            CallMetrics.HangupsHeard.Add(1, sourceTag, new KeyValuePair<string, object?>("result", "known"));
            return false;
        }

        CallMetrics.HangupsHeard.Add(1, sourceTag, new KeyValuePair<string, object?>("result", "recorded"));
        try
        {
            bool written = await WriteHangupAsync(end, source, cancellationToken).ConfigureAwait(false);
            Remember(end);
            return written;
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            await journal.AppendAsync(new JournalEntry(JournalEntry.Hangup, source, end), CancellationToken.None).ConfigureAwait(false);
            Remember(end); // the replay writes it
            Ended(end.CallId, end.Attempt, end.Node);
            return false;
        }
    }

    /// <summary>True when this instance already wrote (or found written) this leg's end of the attempt.</summary>
    public bool Knows(CallEnd end) => end.ChannelUuid is { } leg && _recorded.Contains((end.CallId, end.Attempt, leg));

    /// <summary>Counts a hangup heard and dropped because its end is written and its item settled (checked in the database).</summary>
    public static void CountSettled(string source) =>
        CallMetrics.HangupsHeard.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("result", "settled"));

    // Written, found written, ignored as an earlier failover leg, or journalled: hearing it again changes nothing.
    private void Remember(CallEnd end)
    {
        if (end.ChannelUuid is { } leg)
        {
            _recorded.Add((end.CallId, end.Attempt, leg));
        }
    }

    /// <summary>Writes a journalled result (the replay); throws when the database is still away.</summary>
    public async Task ReplayAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind == JournalEntry.Originate)
        {
            await WriteOriginateFailureAsync(entry.End, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await WriteHangupAsync(entry.End, entry.Source, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> WriteHangupAsync(CallEnd end, string source, CancellationToken cancellationToken)
    {
        if (end.AnsweredAt is null && end.ChannelUuid is { } leg && await IsEarlierFailoverLegAsync(end.CallId, end.Attempt, leg, cancellationToken).ConfigureAwait(false))
        {
            CallsLog.FailedOver(logger, end.CallId, end.Attempt, leg, end.HangupCause);
            return false;
        }

        bool written = await callLogs.RecordEndAsync(end, cancellationToken).ConfigureAwait(false);
        var state = await outcomes.RecordEndAsync(end.CallId, end.Attempt, end.HangupCause, end.AnsweredAt is not null, cancellationToken).ConfigureAwait(false);
        if (written || state is not null)
        {
            CallsLog.Ended(logger, end.CallId, end.Attempt, end.HangupCause, end.Billsec, source);
        }

        Ended(end.CallId, end.Attempt, end.Node);
        return written;
    }

    /// <summary>An originate answered <c>-ERR &lt;cause&gt;</c>: the attempt ended without a call (or before the channel's own end is heard).</summary>
    /// <remarks>With the database away the end goes to the local journal, replayed when it returns.</remarks>
    public async Task RecordOriginateFailureAsync(Guid callId, int attempt, string cause, string node, CancellationToken cancellationToken)
    {
        var end = new CallEnd(callId, attempt, null, null, time.GetUtcNow(), 0, 0, cause, null, node);
        try
        {
            await WriteOriginateFailureAsync(end, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            await journal.AppendAsync(new JournalEntry(JournalEntry.Originate, "dispatcher", end), CancellationToken.None).ConfigureAwait(false);
            Ended(callId, attempt, node);
        }
    }

    private async Task WriteOriginateFailureAsync(CallEnd end, CancellationToken cancellationToken)
    {
        await callLogs.RecordEndAsync(end, cancellationToken).ConfigureAwait(false);
        await outcomes.RecordEndAsync(end.CallId, end.Attempt, end.HangupCause, answered: false, cancellationToken).ConfigureAwait(false);
        Ended(end.CallId, end.Attempt, end.Node);
    }

    private void Ended(Guid callId, int attempt, string? node)
    {
        (nodes.Find(node) ?? nodes.NodeOf(callId, attempt))?.CallEnded(callId, attempt);
        signal.Wake();
    }

    // True when the leg is one of the attempt's failover legs but not its last one.
    private async Task<bool> IsEarlierFailoverLegAsync(Guid callId, int attempt, Guid leg, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT leg_uuids FROM campaign_items WHERE call_id = $1 AND attempt = $2");
        command.Parameters.Add(new() { Value = callId });
        command.Parameters.Add(new() { Value = attempt });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is Guid[] { Length: > 1 } legs
            && Array.IndexOf(legs, leg) is int at && at >= 0 && at < legs.Length - 1;
    }
}
