using System.Collections.Concurrent;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using EslKit.Controller.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EslKit.Controller.Calls;

/// <summary>
/// The one path by which an attempt's end is written, whoever heard it: the outbound session, any node's inbound
/// connection (CHANNEL_HANGUP_COMPLETE), or the dispatcher (an originate's <c>-ERR &lt;cause&gt;</c>). Writes the
/// call log (<see cref="CallLogStore"/>) and the item's outcome (<see cref="OutcomeRecorder"/>) in one transaction,
/// both idempotent per (call id, attempt), so the same end heard twice changes nothing; then frees the node's count and wakes the
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

    // One write at a time per attempt: a copy heard meanwhile (the session's and the inbound connection's copies of
    // one event arrive together; a failed originate's -ERR and its channel's hangup too) waits for the write under
    // way instead of racing it to the same rows, then finds it known.
    private readonly ConcurrentDictionary<(Guid CallId, int Attempt), Task> _writing = new();

    // Attempts whose end (log and outcome) this instance wrote, from the originate's failure or the last leg's
    // hangup: a later copy from the other source changes at most the log (the channel's leg and SIP status), never
    // the outcome, and another instance's check finds it written.
    private readonly RecentKeys<(Guid CallId, int Attempt)> _endedHere = new();

    /// <summary>
    /// A channel's CHANNEL_HANGUP_COMPLETE. The unanswered end of a failover leg that is not the call's last leg
    /// is not the attempt's end (the next leg is being tried): it is ignored.
    /// </summary>
    /// <remarks>With the database away the end goes to the local journal (<see cref="ResultJournal"/>), replayed when it returns.</remarks>
    /// <returns>Whether the call log changed (false when journalled).</returns>
    public async Task<bool> RecordHangupAsync(CallEnd end, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        var key = (end.CallId, end.Attempt);
        var turn = await TakeTurnAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            return await RecordNewHangupAsync(end, source, new KeyValuePair<string, object?>("source", source), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            EndTurn(key, turn);
        }
    }

    // Waits until no other write of the attempt is under way, then holds the attempt until EndTurn.
    private async Task<TaskCompletionSource> TakeTurnAsync((Guid CallId, int Attempt) key, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (_writing.GetOrAdd(key, mine.Task) is var running && running != mine.Task)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return mine;
    }

    private void EndTurn((Guid CallId, int Attempt) key, TaskCompletionSource turn)
    {
        _writing.TryRemove(new KeyValuePair<(Guid, int), Task>(key, turn.Task));
        turn.TrySetResult();
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

    /// <summary>
    /// True when this instance wrote the attempt's end (from its originate's failure or its channel's hangup): a
    /// later copy of that end is then this instance's to complete at once, not another's.
    /// </summary>
    public bool EndedHere(Guid callId, int attempt) => _endedHere.Contains((callId, attempt));

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

        if (end.AnsweredAt is null && end.Billsec == 0 && EndedHere(end.CallId, end.Attempt))
        {
            // The originate's failure wrote this attempt's end and outcome here: its channel adds only the leg, SIP
            // status and times to the log (one statement); a second look at the item would find it settled.
            bool completed = await callLogs.CompleteUnansweredAsync(end, cancellationToken).ConfigureAwait(false);
            Ended(end.CallId, end.Attempt, end.Node);
            return completed;
        }

        var (written, state) = await WriteEndAsync(end, end.AnsweredAt is not null, cancellationToken).ConfigureAwait(false);
        _endedHere.Add((end.CallId, end.Attempt));
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
        var key = (callId, attempt);
        var turn = await TakeTurnAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            if (_endedHere.Contains(key))
            {
                // The channel's hangup, heard first, wrote this attempt's end with more than the -ERR says.
                Ended(callId, attempt, node);
                return;
            }

            await WriteOriginateFailureAsync(end, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            await journal.AppendAsync(new JournalEntry(JournalEntry.Originate, "dispatcher", end), CancellationToken.None).ConfigureAwait(false);
            Ended(callId, attempt, node);
        }
        finally
        {
            EndTurn(key, turn);
        }
    }

    private async Task WriteOriginateFailureAsync(CallEnd end, CancellationToken cancellationToken)
    {
        await WriteEndAsync(end, answered: false, cancellationToken).ConfigureAwait(false);
        _endedHere.Add((end.CallId, end.Attempt));
        Ended(end.CallId, end.Attempt, end.Node);
    }

    // The attempt's log and outcome in one transaction and two round trips: both look-ups together (the item locked),
    // then both writes. A late or duplicate end finds the log ended and the item past that attempt, and writes nothing.
    private async Task<(bool Written, ItemState? State)> WriteEndAsync(CallEnd end, bool answered, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        CallLogEndContext? context;
        ItemEnd? item;
        await using (var lookup = new NpgsqlBatch(connection, transaction) { BatchCommands = { CallLogStore.LookUpEnd(end), OutcomeRecorder.LookUp(end.CallId, end.Attempt) } })
        await using (var reader = await lookup.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            context = await callLogs.ReadEndAsync(reader, end, cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            item = await outcomes.ReadAsync(reader, end.CallId, end.Attempt, cancellationToken).ConfigureAwait(false);
        }

        var outcome = item is null ? null : outcomes.Decide(item, end.HangupCause, answered, now);
        await using var write = new NpgsqlBatch(connection, transaction);
        var upsert = context is null ? null : CallLogStore.WriteEnd(end, context);
        if (upsert is not null)
        {
            write.BatchCommands.Add(upsert);
        }

        if (outcome is not null)
        {
            write.BatchCommands.Add(OutcomeRecorder.Update(outcome, now));
        }

        if (write.BatchCommands.Count > 0)
        {
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        bool written = upsert is not null && callLogs.EndWritten(end, upsert);
        if (outcome is not null)
        {
            await outcomes.SettledAsync(connection, outcome, end.Attempt, now, cancellationToken).ConfigureAwait(false);
        }

        return (written, outcome?.Next);
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
