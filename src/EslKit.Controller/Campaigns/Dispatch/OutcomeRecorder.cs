using System.Text.Json;
using EslKit.Controller.Diagnostics;
using EslKit.Controller.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>
/// Records what happened to a claimed attempt. Every write names the call id and the attempt and only changes
/// an item still in that attempt's dialing/answered state, so a late or duplicate report (from another
/// instance's inbound connection, or after a rescue) changes nothing.
/// </summary>
/// <remarks>
/// An attempt that was answered ends <c>done</c>. One that was not: a final cause → <c>failed</c>; a retryable
/// one → <c>retry</c> after the policy's wait for that cause (with jitter), or <c>failed</c> once max_attempts
/// are used; the node's "not now" (<c>-ERR DESTINATION_OUT_OF_ORDER</c>) → <c>retry</c> soon, the attempt
/// refunded. A call closed as lost on a node nobody reaches (<c>NODE_UNREACHABLE</c>) is final: answered → done, else
/// failed, both with disposition node_unreachable. When a campaign's last item settles, the campaign becomes completed.
/// </remarks>
internal sealed class OutcomeRecorder(NpgsqlDataSource dataSource, TimeProvider time, ILogger<OutcomeRecorder> logger, Random? random = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Random _random = random ?? Random.Shared;
    private readonly RecentKeys<(Guid CallId, int Attempt)> _answered = new();

    /// <summary>The call was answered (its outbound session connected): dialing → answered.</summary>
    /// <returns>False when the item is no longer dialing in that attempt.</returns>
    public async Task<bool> MarkAnsweredAsync(Guid callId, int attempt, CancellationToken cancellationToken)
    {
        if (_answered.Contains((callId, attempt)))
        {
            return false; // the session and the originate's result both report the answer: the second costs nothing
        }

        await using var command = dataSource.CreateCommand(
            "UPDATE campaign_items SET state = 'answered', answered_at = $3, updated_at = $3 WHERE call_id = $1 AND attempt = $2 AND state = 'dialing'");
        command.Parameters.Add(new() { Value = callId });
        command.Parameters.Add(new() { Value = attempt });
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        bool changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        _answered.Add((callId, attempt)); // answered now, or already past dialing: either way nothing more to mark
        if (!changed)
        {
            Log.StaleOutcome(logger, callId, attempt);
        }

        return changed;
    }

    /// <summary>
    /// The attempt ended: <paramref name="cause"/> is the hangup cause, or the originate's failure
    /// (<c>-ERR USER_BUSY</c>). Returns the item's new state, or null when the report is stale.
    /// </summary>
    public Task<ItemState?> RecordEndAsync(Guid callId, int attempt, string cause, CancellationToken cancellationToken) =>
        RecordEndAsync(callId, attempt, cause, answered: false, cancellationToken);

    /// <summary>
    /// The attempt ended, as <see cref="RecordEndAsync(Guid, int, string, CancellationToken)"/>; with
    /// <paramref name="answered"/> (FreeSWITCH's CHANNEL_HANGUP_COMPLETE shows an answer time) it ends
    /// <c>done</c> even if the answer was not recorded yet — the hangup of a short call can be heard on the inbound
    /// connection before its outbound session marked it answered.
    /// </summary>
    public async Task<ItemState?> RecordEndAsync(Guid callId, int attempt, string cause, bool answered, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        ItemEnd? item;
        await using (var lookup = new NpgsqlBatch(connection, transaction) { BatchCommands = { LookUp(callId, attempt) } })
        await using (var reader = await lookup.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            item = await ReadAsync(reader, callId, attempt, cancellationToken).ConfigureAwait(false);
        }

        if (item is null)
        {
            return null;
        }

        var outcome = Decide(item, cause, answered, now);
        await using (var update = new NpgsqlBatch(connection, transaction) { BatchCommands = { Update(outcome, now) } })
        {
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await SettledAsync(connection, outcome, attempt, now, cancellationToken).ConfigureAwait(false);
        return outcome.Next;
    }

    /// <summary>What the outcome depends on: the item, still in that attempt's dialing/answered state, locked (FOR UPDATE).</summary>
    internal static NpgsqlBatchCommand LookUp(Guid callId, int attempt)
    {
        var select = new NpgsqlBatchCommand(
            """
            SELECT i.id, i.campaign_id, i.state, i.attempts_used, c.max_attempts, c.retry_policy, c.state,
                   c.machine_action = 'hangup' AND EXISTS (
                       SELECT 1 FROM call_logs l WHERE l.call_id = i.call_id AND l.attempt = i.attempt AND l.amd_result = 'machine')
            FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id
            WHERE i.call_id = $1 AND i.attempt = $2 AND i.state IN ('dialing', 'answered')
            FOR UPDATE OF i
            """);
        select.Parameters.Add(new() { Value = callId });
        select.Parameters.Add(new() { Value = attempt });
        return select;
    }

    /// <summary>Reads <see cref="LookUp"/>'s result; null (logged) when the report is stale.</summary>
    internal async Task<ItemEnd?> ReadAsync(NpgsqlDataReader reader, Guid callId, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            Log.StaleOutcome(logger, callId, attempt);
            return null;
        }

        return new ItemEnd(
            reader.GetInt64(0),
            reader.GetInt64(1),
            ItemStates.Parse(reader.GetString(2)),
            reader.GetInt32(3),
            reader.GetInt32(4),
            JsonSerializer.Deserialize<RetryPolicy>(reader.GetString(5), Json)!,
            CampaignStates.Parse(reader.GetString(6)),
            reader.GetBoolean(7));
    }

    /// <summary>The item's next state after <paramref name="cause"/> (see the class remarks).</summary>
    internal Outcome Decide(ItemEnd item, string cause, bool answered, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        string normalized = HangupCauses.Normalize(cause);
        var causeClass = HangupCauses.Classify(normalized);
        ItemState next;
        DateTimeOffset? retryAt = null;
        int refund = 0;
        string disposition = normalized.ToLowerInvariant();
        if (item.MachineHungUp)
        {
            // An answering machine the campaign hangs up on: like an unanswered call (retried after the no-answer wait).
            disposition = "machine";
            next = item.AttemptsUsed >= item.MaxAttempts ? ItemState.Failed
                : item.CampaignState == CampaignState.Cancelled ? ItemState.Cancelled
                : ItemState.Retry;
            if (next == ItemState.Retry)
            {
                retryAt = now + RetryBackoff.Delay(item.Policy, CauseClass.Retryable, "NO_ANSWER", _random);
            }
        }
        else if (item.Current == ItemState.Answered || answered)
        {
            // An answered call closed as lost keeps that reason: its end was never heard.
            next = ItemState.Done;
            disposition = normalized == HangupCauses.NodeUnreachable ? disposition : "answered";
        }
        else if (causeClass == CauseClass.Final)
        {
            next = ItemState.Failed;
        }
        else if (causeClass == CauseClass.Retryable && item.AttemptsUsed >= item.MaxAttempts)
        {
            next = ItemState.Failed;
        }
        else
        {
            next = item.CampaignState == CampaignState.Cancelled ? ItemState.Cancelled : ItemState.Retry;
            retryAt = now + RetryBackoff.Delay(item.Policy, causeClass, normalized, _random);
            refund = causeClass == CauseClass.NodeRefusal ? 1 : 0;
        }

        return new Outcome(item.ItemId, item.CampaignId, next, next == ItemState.Cancelled ? "cancelled" : disposition, refund, retryAt, normalized, causeClass);
    }

    /// <summary>Writes the outcome (in the lookup's transaction: the item is locked).</summary>
    internal static NpgsqlBatchCommand Update(Outcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var update = new NpgsqlBatchCommand(
            """
            UPDATE campaign_items
            SET state = $2, disposition = $3, attempts_used = attempts_used - $4,
                answered_at = CASE WHEN $2 = 'done' THEN coalesce(answered_at, $6) ELSE answered_at END,
                next_attempt_at = coalesce($5, next_attempt_at),
                finished_at = CASE WHEN $2 IN ('done', 'failed', 'cancelled') THEN $6 ELSE NULL END,
                lease_expires_at = NULL, updated_at = $6
            WHERE id = $1
            """);
        update.Parameters.Add(new() { Value = outcome.ItemId });
        update.Parameters.Add(new() { Value = outcome.Next.ToText() });
        update.Parameters.Add(new() { Value = outcome.Disposition });
        update.Parameters.Add(new() { Value = outcome.Refund });
        update.Parameters.Add(new() { Value = (object?)outcome.RetryAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        update.Parameters.Add(new() { Value = now });
        return update;
    }

    /// <summary>After the outcome's commit: completes the campaign when its last item settled; counts and logs the outcome.</summary>
    internal async Task SettledAsync(NpgsqlConnection connection, Outcome outcome, int attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Next != ItemState.Retry)
        {
            await CampaignCompletion.CompleteIfSettledAsync(connection, outcome.CampaignId, now, logger, cancellationToken).ConfigureAwait(false);
        }

        ControllerDiagnostics.Outcomes.Add(1, new KeyValuePair<string, object?>("state", outcome.Next.ToText()), new KeyValuePair<string, object?>("class", outcome.CauseClass.ToString()));
        Log.OutcomeRecorded(logger, outcome.ItemId, attempt, outcome.Cause, outcome.Next.ToText());
    }

    /// <summary>
    /// The attempt was claimed but provably never sent (its instance died before recording the originate's start):
    /// the item waits again, due now, and the attempt is not counted. Only while the attempt is still dialing.
    /// </summary>
    /// <returns>False when the item is no longer dialing in that attempt.</returns>
    public async Task<bool> ReleaseAsync(Guid callId, int attempt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand(
            """
            UPDATE campaign_items
            SET state = CASE WHEN (SELECT state FROM campaigns WHERE id = campaign_id) = 'cancelled' THEN 'cancelled' ELSE 'retry' END,
                disposition = 'released', attempts_used = greatest(0, attempts_used - 1), next_attempt_at = $3,
                finished_at = CASE WHEN (SELECT state FROM campaigns WHERE id = campaign_id) = 'cancelled' THEN $3 END,
                claimed_by = NULL, lease_expires_at = NULL, updated_at = $3
            WHERE call_id = $1 AND attempt = $2 AND state = 'dialing'
            """);
        command.Parameters.Add(new() { Value = callId });
        command.Parameters.Add(new() { Value = attempt });
        command.Parameters.Add(new() { Value = now });
        bool changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        if (changed)
        {
            ControllerDiagnostics.Outcomes.Add(1, new KeyValuePair<string, object?>("state", "retry"), new KeyValuePair<string, object?>("class", "released"));
        }
        else
        {
            Log.StaleOutcome(logger, callId, attempt);
        }

        return changed;
    }

    /// <summary>The attempt cannot be made (e.g. no route): failed, with a disposition and a value-free error.</summary>
    public Task<bool> FailAsync(Guid callId, int attempt, string disposition, string error, CancellationToken cancellationToken) =>
        SettleAsync(callId, attempt, ItemState.Failed, disposition, error, cancellationToken);

    /// <summary>The number will never be dialled (e.g. invalid for routing): skipped, with a reason.</summary>
    public Task<bool> SkipAsync(Guid callId, int attempt, string disposition, string error, CancellationToken cancellationToken) =>
        SettleAsync(callId, attempt, ItemState.Skipped, disposition, error, cancellationToken);

    private async Task<bool> SettleAsync(Guid callId, int attempt, ItemState state, string disposition, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long? campaignId;
        await using (var update = new NpgsqlCommand(
            """
            UPDATE campaign_items SET state = $3, disposition = $4, error = $5, finished_at = $6, lease_expires_at = NULL, updated_at = $6
            WHERE call_id = $1 AND attempt = $2 AND state = 'dialing'
            RETURNING campaign_id
            """, connection, transaction))
        {
            update.Parameters.Add(new() { Value = callId });
            update.Parameters.Add(new() { Value = attempt });
            update.Parameters.Add(new() { Value = state.ToText() });
            update.Parameters.Add(new() { Value = disposition });
            update.Parameters.Add(new() { Value = error });
            update.Parameters.Add(new() { Value = now });
            campaignId = (long?)await update.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        if (campaignId is null)
        {
            Log.StaleOutcome(logger, callId, attempt);
            return false;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await CampaignCompletion.CompleteIfSettledAsync(connection, campaignId.Value, now, logger, cancellationToken).ConfigureAwait(false);
        ControllerDiagnostics.Outcomes.Add(1, new KeyValuePair<string, object?>("state", state.ToText()), new KeyValuePair<string, object?>("class", disposition));
        return true;
    }
}
