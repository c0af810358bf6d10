using Npgsql;

namespace EslKit.Controller.WebConsole.Calls;

/// <summary>
/// Reads a call attempt's transcript from <c>call_transcripts</c> — a table the voice pipeline's migration adds: on a
/// database without it there is no transcript (<see cref="TableExistsAsync"/>), not an error. The caller has already
/// found the attempt among its tenant's call logs.
/// </summary>
internal sealed class TranscriptReader(NpgsqlDataSource dataSource)
{
    /// <summary>Whether the database has <c>call_transcripts</c>.</summary>
    public async Task<bool> TableExistsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT to_regclass('call_transcripts') IS NOT NULL");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <summary>The attempt's utterances by turn (the caller before the agent in a turn), or null without the table.</summary>
    public async Task<IReadOnlyList<TranscriptTurn>?> ReadAsync(Guid callId, int attempt, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT turn, speaker, text, started_at, stt_ms, agent_ms, tts_ms, response_ms, interrupted
            FROM call_transcripts WHERE call_id = $1 AND attempt = $2
            ORDER BY turn, CASE speaker WHEN 'caller' THEN 0 ELSE 1 END
            """);
        command.Parameters.Add(new() { Value = callId });
        command.Parameters.Add(new() { Value = attempt });
        var turns = new List<TranscriptTurn>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            turns.Add(new TranscriptTurn(
                reader.GetInt32(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.GetBoolean(8)));
        }

        return turns;
    }
}
