using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace EslKit.Controller.Calls;

/// <summary>
/// Reads a tenant's call logs for the HTTP API and the console: filtered (campaign, outcome, hangup cause, time
/// range), newest first in a stable order (created_at, call_id, attempt — the primary key breaks ties), paged by
/// keyset (<see cref="CallLogCursor"/>) or streamed whole for CSV export. Every query is scoped to the tenant.
/// </summary>
internal sealed class CallLogSearch(NpgsqlDataSource dataSource)
{
    private const string Columns = CallLogStore.Columns;

    private const string Where =
        """
        tenant_id = $1
          AND ($2::bigint IS NULL OR campaign_id = $2)
          AND ($3::text IS NULL
               OR ($3 = 'answered' AND answered_at IS NOT NULL)
               OR ($3 = 'unanswered' AND ended_at IS NOT NULL AND answered_at IS NULL)
               OR ($3 = 'in_progress' AND ended_at IS NULL))
          AND ($4::text IS NULL OR hangup_cause = $4)
          AND ($5::timestamptz IS NULL OR created_at >= $5)
          AND ($6::timestamptz IS NULL OR created_at < $6)
          AND ($7::timestamptz IS NULL OR (created_at, call_id, attempt) < ($7, $8, $9))
        """;

    /// <summary>One page of at most <paramref name="limit"/> rows after <paramref name="after"/> (null: the newest).</summary>
    public async Task<CallLogPage> PageAsync(long tenantId, CallLogFilter filter, CallLogCursor? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = Command(tenantId, filter, after, limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<CallLog>(Math.Min(limit, 1024));
        bool more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(CallLogStore.Read(reader));
        }

        var last = items.Count > 0 ? items[^1] : null;
        return new CallLogPage(items, more && last is not null ? new CallLogCursor(last.CreatedAt, last.CallId, last.Attempt) : null);
    }

    /// <summary>Every matching row, newest first, read as it streams from the database (for CSV export).</summary>
    public async IAsyncEnumerable<CallLog> StreamAsync(long tenantId, CallLogFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = Command(tenantId, filter, null, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return CallLogStore.Read(reader);
        }
    }

    /// <summary>The tenant's attempt, or null (none, or another tenant's).</summary>
    public async Task<CallLog?> GetAsync(long tenantId, Guid callId, int attempt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM call_logs WHERE call_id = $1 AND attempt = $2 AND tenant_id = $3");
        command.Parameters.Add(new() { Value = callId });
        command.Parameters.Add(new() { Value = attempt });
        command.Parameters.Add(new() { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? CallLogStore.Read(reader) : null;
    }

    /// <summary>The spelling of <paramref name="outcome"/> in queries and in the API.</summary>
    public static string ToText(CallOutcomeFilter outcome) => outcome switch
    {
        CallOutcomeFilter.Answered => "answered",
        CallOutcomeFilter.Unanswered => "unanswered",
        CallOutcomeFilter.InProgress => "in_progress",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    private NpgsqlCommand Command(long tenantId, CallLogFilter filter, CallLogCursor? after, int? limit)
    {
        var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM call_logs WHERE {Where} ORDER BY created_at DESC, call_id DESC, attempt DESC" + (limit is null ? "" : " LIMIT $10"));
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = (object?)filter.CampaignId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = filter.Outcome is { } outcome ? ToText(outcome) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.HangupCause ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        // Npgsql writes timestamptz from UTC values only.
        command.Parameters.Add(new() { Value = (object?)filter.From?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)filter.To?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)after?.CreatedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)after?.CallId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)after?.Attempt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        if (limit is { } rows)
        {
            command.Parameters.Add(new() { Value = rows });
        }

        return command;
    }
}
