using EslKit.Controller.Diagnostics;
using EslKit.Controller.Tenants;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace EslKit.Controller.Calls;

/// <summary>
/// Writes <c>call_logs</c>, one row per attempt keyed by (call id, attempt), idempotently: the start is
/// inserted when the originate is sent (a repeat changes nothing); the end is an upsert that fills the row once
/// — a late or duplicate end (the session and every instance's inbound connection hear the same hangup)
/// changes nothing. One exception, by source: an end known only from the originate's <c>-ERR &lt;cause&gt;</c> (no
/// channel) is completed once by the channel's own CHANNEL_HANGUP_COMPLETE (its SIP status, durations and leg),
/// whichever of the two arrives first. An end whose start row is missing (its instance died before writing it) is written from
/// the campaign item. Money is computed by <see cref="BillingCalculator"/> at the tenant's price.
/// </summary>
internal sealed class CallLogStore(NpgsqlDataSource dataSource, ILogger<CallLogStore> logger)
{
    /// <summary>The columns <see cref="Read"/> reads, in its order (the search selects them too).</summary>
    internal const string Columns =
        "call_id, attempt, tenant_id, campaign_id, item_id, number, account_type, route, node, channel_uuid, created_at, answered_at, ended_at, " +
        "duration_seconds, billsec, hangup_cause, sip_status, telephony_cost, ai_cost, revenue";

    /// <summary>Records an attempt's start; false when it was already recorded.</summary>
    public async Task<bool> RecordStartAsync(CallStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO call_logs (call_id, attempt, tenant_id, campaign_id, item_id, number, account_type, route, node, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (call_id, attempt) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = start.CallId });
        command.Parameters.Add(new() { Value = start.Attempt });
        command.Parameters.Add(new() { Value = start.TenantId });
        command.Parameters.Add(new() { Value = (object?)start.CampaignId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = (object?)start.ItemId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = start.Number });
        command.Parameters.Add(new() { Value = start.AccountType.ToText() });
        command.Parameters.Add(new() { Value = start.Route });
        command.Parameters.Add(new() { Value = (object?)start.Node ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = start.CreatedAt });
        bool written = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        if (written)
        {
            ControllerDiagnostics.CallLogsWritten.Add(1, new KeyValuePair<string, object?>("stage", "start"));
        }

        return written;
    }

    /// <summary>Records several attempts' starts in one round trip (a repeat changes nothing).</summary>
    public async Task RecordStartsAsync(IReadOnlyList<CallStart> starts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(starts);
        if (starts.Count == 0)
        {
            return;
        }

        await using var batch = dataSource.CreateBatch();
        foreach (var start in starts)
        {
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO call_logs (call_id, attempt, tenant_id, campaign_id, item_id, number, account_type, route, node, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (call_id, attempt) DO NOTHING
                """);
            insert.Parameters.Add(new() { Value = start.CallId });
            insert.Parameters.Add(new() { Value = start.Attempt });
            insert.Parameters.Add(new() { Value = start.TenantId });
            insert.Parameters.Add(new() { Value = (object?)start.CampaignId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            insert.Parameters.Add(new() { Value = (object?)start.ItemId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            insert.Parameters.Add(new() { Value = start.Number });
            insert.Parameters.Add(new() { Value = start.AccountType.ToText() });
            insert.Parameters.Add(new() { Value = start.Route });
            insert.Parameters.Add(new() { Value = (object?)start.Node ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = start.CreatedAt });
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        long written = 0;
        foreach (NpgsqlBatchCommand insert in batch.BatchCommands)
        {
            written += insert.RecordsAffected;
        }

        if (written > 0)
        {
            ControllerDiagnostics.CallLogsWritten.Add(written, new KeyValuePair<string, object?>("stage", "start"));
        }
    }

    /// <summary>
    /// Records an attempt's end with its charges; false when the row had already ended (a late duplicate) or
    /// the call is unknown.
    /// </summary>
    public async Task<bool> RecordEndAsync(CallEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        CallLogEndContext? context;
        await using (var lookup = dataSource.CreateBatch())
        {
            lookup.BatchCommands.Add(LookUpEnd(end));
            await using var reader = await lookup.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            context = await ReadEndAsync(reader, end, cancellationToken).ConfigureAwait(false);
        }

        if (context is null)
        {
            return false;
        }

        await using var upsert = dataSource.CreateBatch();
        upsert.BatchCommands.Add(WriteEnd(end, context));
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return EndWritten(end, upsert.BatchCommands[0]);
    }

    /// <summary>What an end's row needs that the end does not say (the attempt's start, or its item when the start is missing; the prices).</summary>
    internal static NpgsqlBatchCommand LookUpEnd(CallEnd end)
    {
        ArgumentNullException.ThrowIfNull(end);
        var lookup = new NpgsqlBatchCommand(
            """
            SELECT coalesce(l.tenant_id, i.tenant_id), coalesce(l.campaign_id, i.campaign_id), coalesce(l.item_id, i.id),
                   coalesce(l.number, i.number), coalesce(l.account_type, ut.account_type), coalesce(l.route, 'via ' || i.trunk, 'unknown'),
                   u.price_per_minute, l.ended_at IS NOT NULL AND (l.channel_uuid IS NOT NULL OR $4::uuid IS NULL),
                   coalesce(l.created_at, i.claimed_at, $3),
                   s.price_per_minute, s.trial_cost_per_minute, s.ai_cost_per_minute, s.billing_increment_seconds
            FROM system_settings s
            LEFT JOIN call_logs l ON l.call_id = $1 AND l.attempt = $2
            LEFT JOIN campaign_items i ON i.call_id = $1
            LEFT JOIN users ut ON ut.id = i.tenant_id
            LEFT JOIN users u ON u.id = coalesce(l.tenant_id, i.tenant_id)
            """);
        lookup.Parameters.Add(new() { Value = end.CallId });
        lookup.Parameters.Add(new() { Value = end.Attempt });
        lookup.Parameters.Add(new() { Value = end.EndedAt });
        lookup.Parameters.Add(new() { Value = (object?)end.ChannelUuid ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        return lookup;
    }

    /// <summary>Reads <see cref="LookUpEnd"/>'s row; null (logged) when the end is a late duplicate or the call is unknown.</summary>
    internal async Task<CallLogEndContext?> ReadEndAsync(NpgsqlDataReader reader, CallEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(end);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("system_settings has no row: the schema was not migrated.");
        }

        if (reader.IsDBNull(0) || reader.IsDBNull(6) || reader.GetBoolean(7))
        {
            Log.StaleOutcome(logger, end.CallId, end.Attempt);
            return null;
        }

        return new CallLogEndContext(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2),
            reader.GetString(3),
            AccountTypes.Parse(reader.GetString(4)),
            reader.GetString(5),
            reader.GetDecimal(6),
            reader.GetFieldValue<DateTimeOffset>(8),
            // Read with the row, in the same round trip, so a price change applies from the next end.
            SystemSettingsService.Read(reader, 9));
    }

    /// <summary>The end's upsert, charged at the tenant's price: fills the row once (see the class summary).</summary>
    internal static NpgsqlBatchCommand WriteEnd(CallEnd end, CallLogEndContext context)
    {
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(context);
        var charges = BillingCalculator.Calculate(end.Billsec, context.AccountType, context.Price, context.Settings);
        var upsert = new NpgsqlBatchCommand(
            $"""
            INSERT INTO call_logs ({Columns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
            ON CONFLICT (call_id, attempt) DO UPDATE SET
                node = coalesce(call_logs.node, excluded.node), channel_uuid = excluded.channel_uuid,
                answered_at = excluded.answered_at, ended_at = excluded.ended_at,
                duration_seconds = excluded.duration_seconds, billsec = excluded.billsec,
                hangup_cause = excluded.hangup_cause, sip_status = excluded.sip_status,
                telephony_cost = excluded.telephony_cost, revenue = excluded.revenue,
                -- measured by the voice pipeline (ai_seconds) when the conversation's summary came first
                ai_cost = CASE WHEN call_logs.ai_seconds IS NULL THEN excluded.ai_cost ELSE call_logs.ai_cost END
            WHERE call_logs.ended_at IS NULL OR (call_logs.channel_uuid IS NULL AND excluded.channel_uuid IS NOT NULL)
            """);
        upsert.Parameters.Add(new() { Value = end.CallId });
        upsert.Parameters.Add(new() { Value = end.Attempt });
        upsert.Parameters.Add(new() { Value = context.TenantId });
        upsert.Parameters.Add(new() { Value = (object?)context.CampaignId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        upsert.Parameters.Add(new() { Value = (object?)context.ItemId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        upsert.Parameters.Add(new() { Value = context.Number });
        upsert.Parameters.Add(new() { Value = context.AccountType.ToText() });
        upsert.Parameters.Add(new() { Value = context.Route });
        upsert.Parameters.Add(new() { Value = (object?)end.Node ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        upsert.Parameters.Add(new() { Value = (object?)end.ChannelUuid ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        upsert.Parameters.Add(new() { Value = context.CreatedAt });
        upsert.Parameters.Add(new() { Value = (object?)end.AnsweredAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        upsert.Parameters.Add(new() { Value = end.EndedAt });
        upsert.Parameters.Add(new() { Value = end.DurationSeconds });
        upsert.Parameters.Add(new() { Value = end.Billsec });
        upsert.Parameters.Add(new() { Value = end.HangupCause });
        upsert.Parameters.Add(new() { Value = (object?)end.SipStatus ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        upsert.Parameters.Add(new() { Value = charges.TelephonyCost });
        upsert.Parameters.Add(new() { Value = charges.AiCost });
        upsert.Parameters.Add(new() { Value = charges.Revenue });
        return upsert;
    }

    /// <summary>After <see cref="WriteEnd"/> ran: whether it changed the row (counted and logged when it did).</summary>
    internal bool EndWritten(CallEnd end, NpgsqlBatchCommand upsert)
    {
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(upsert);
        bool written = upsert.RecordsAffected == 1;
        if (written)
        {
            ControllerDiagnostics.CallLogsWritten.Add(1, new KeyValuePair<string, object?>("stage", "end"));
            Log.CallLogWritten(logger, end.CallId, end.Attempt);
        }

        return written;
    }

    /// <summary>
    /// Completes the log of an unanswered attempt whose end was written from its originate's <c>-ERR &lt;cause&gt;</c>
    /// with what only its channel's hangup knows (the leg, SIP status, times and the channel's own cause), in one
    /// statement: nothing was answered, so nothing is charged and the row's charges (zero) stand.
    /// </summary>
    /// <returns>False when the row is not such a log (already completed, answered, or missing).</returns>
    public async Task<bool> CompleteUnansweredAsync(CallEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        if (end.AnsweredAt is not null || end.Billsec != 0 || end.ChannelUuid is not { } leg)
        {
            throw new ArgumentException("Only an unanswered channel's end completes a log.", nameof(end));
        }

        await using var command = dataSource.CreateCommand(
            """
            UPDATE call_logs SET node = coalesce(node, $3), channel_uuid = $4, ended_at = $5, duration_seconds = $6, billsec = 0,
                                 hangup_cause = $7, sip_status = $8
            WHERE call_id = $1 AND attempt = $2 AND ended_at IS NOT NULL AND channel_uuid IS NULL AND answered_at IS NULL
            """);
        command.Parameters.Add(new() { Value = end.CallId });
        command.Parameters.Add(new() { Value = end.Attempt });
        command.Parameters.Add(new() { Value = (object?)end.Node ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = leg });
        command.Parameters.Add(new() { Value = end.EndedAt });
        command.Parameters.Add(new() { Value = end.DurationSeconds });
        command.Parameters.Add(new() { Value = end.HangupCause });
        command.Parameters.Add(new() { Value = (object?)end.SipStatus ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        bool written = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        if (written)
        {
            ControllerDiagnostics.CallLogsWritten.Add(1, new KeyValuePair<string, object?>("stage", "end"));
            Log.CallLogWritten(logger, end.CallId, end.Attempt);
        }

        return written;
    }

    /// <summary>One attempt's row, or null.</summary>
    public async Task<CallLog?> GetAsync(Guid callId, int attempt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM call_logs WHERE call_id = $1 AND attempt = $2");
        command.Parameters.Add(new() { Value = callId });
        command.Parameters.Add(new() { Value = attempt });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <summary>A tenant's rows (optionally one campaign's), oldest first.</summary>
    public async Task<IReadOnlyList<CallLog>> ListAsync(long tenantId, long? campaignId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM call_logs WHERE tenant_id = $1 AND ($2::bigint IS NULL OR campaign_id = $2) ORDER BY created_at, call_id, attempt");
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = (object?)campaignId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var logs = new List<CallLog>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            logs.Add(Read(reader));
        }

        return logs;
    }

    /// <summary>One row of <see cref="Columns"/>.</summary>
    internal static CallLog Read(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetInt32(1),
        r.GetInt64(2),
        r.IsDBNull(3) ? null : r.GetInt64(3),
        r.IsDBNull(4) ? null : r.GetInt64(4),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetGuid(9),
        r.GetFieldValue<DateTimeOffset>(10),
        r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
        r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
        r.IsDBNull(13) ? null : r.GetInt32(13),
        r.IsDBNull(14) ? null : r.GetInt32(14),
        r.IsDBNull(15) ? null : r.GetString(15),
        r.IsDBNull(16) ? null : r.GetString(16),
        r.IsDBNull(17) ? null : r.GetDecimal(17),
        r.IsDBNull(18) ? null : r.GetDecimal(18),
        r.IsDBNull(19) ? null : r.GetDecimal(19));
}
