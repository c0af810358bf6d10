using EslKit.Controller.Audio;
using EslKit.Controller.Tenants;
using Npgsql;
using NpgsqlTypes;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// Writes what the voice pipeline measured: the transcript rows of an attempt (<c>call_transcripts</c>, idempotent
/// per turn and speaker), its summary on the call log (turns, interruptions, AI seconds and the AI cost they imply,
/// AMD result, answer → first audio, end reason), the AMD result on its own (before a machine is hung up on, so the
/// outcome sees it), and reads a campaign's machine settings and its abandonment rate.
/// </summary>
internal sealed class CallTranscriptStore(NpgsqlDataSource dataSource, SystemSettingsService settings)
{
    /// <summary>The campaign's answering-machine choices (the defaults when the call has no campaign).</summary>
    public async Task<CampaignVoiceSettings> GetCampaignSettingsAsync(long? campaignId, CancellationToken cancellationToken)
    {
        if (campaignId is null)
        {
            return CampaignVoiceSettings.Default;
        }

        await using var command = dataSource.CreateCommand("SELECT machine_action, machine_message FROM campaigns WHERE id = $1");
        command.Parameters.Add(new() { Value = campaignId.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new CampaignVoiceSettings(reader.GetString(0) == "leave_message", reader.IsDBNull(1) ? null : reader.GetString(1))
            : CampaignVoiceSettings.Default;
    }

    /// <summary>Records the AMD result on the call log at once (the outcome of a machine hung up on reads it).</summary>
    public async Task RecordMachineResultAsync(CallIdentity call, AnsweringMachineResult result, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE call_logs SET amd_result = $3 WHERE call_id = $1 AND attempt = $2");
        command.Parameters.Add(new() { Value = call.CallId });
        command.Parameters.Add(new() { Value = call.Attempt });
        command.Parameters.Add(new() { Value = ToText(result) });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the transcript rows and the summary in one transaction; repeating it changes nothing.</summary>
    public async Task WriteAsync(CallIdentity call, IReadOnlyList<TranscriptEntry> entries, VoiceCallSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(summary);
        var prices = await settings.GetAsync(cancellationToken).ConfigureAwait(false);
        decimal aiCost = BillingCalculator.AiCost(summary.AiSeconds, prices);
        await using var batch = dataSource.CreateBatch();
        foreach (var entry in entries)
        {
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO call_transcripts (call_id, attempt, turn, speaker, text, started_at, ended_at, stt_ms, agent_ms, tts_ms, playback_ms, response_ms, interrupted)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                ON CONFLICT (call_id, attempt, turn, speaker) DO NOTHING
                """);
            insert.Parameters.Add(new() { Value = call.CallId });
            insert.Parameters.Add(new() { Value = call.Attempt });
            insert.Parameters.Add(new() { Value = entry.Turn });
            insert.Parameters.Add(new() { Value = entry.Speaker });
            insert.Parameters.Add(new() { Value = entry.Text });
            insert.Parameters.Add(new() { Value = entry.StartedAt });
            insert.Parameters.Add(Nullable(entry.EndedAt, NpgsqlDbType.TimestampTz));
            insert.Parameters.Add(Nullable(entry.SttMs, NpgsqlDbType.Integer));
            insert.Parameters.Add(Nullable(entry.AgentMs, NpgsqlDbType.Integer));
            insert.Parameters.Add(Nullable(entry.TtsMs, NpgsqlDbType.Integer));
            insert.Parameters.Add(Nullable(entry.PlaybackMs, NpgsqlDbType.Integer));
            insert.Parameters.Add(Nullable(entry.ResponseMs, NpgsqlDbType.Integer));
            insert.Parameters.Add(new() { Value = entry.Interrupted });
            batch.BatchCommands.Add(insert);
        }

        var update = new NpgsqlBatchCommand(
            """
            UPDATE call_logs
            SET turns = $3, interrupted_replies = $4, false_interruptions = $5, ai_seconds = $6, ai_cost = $7,
                amd_result = $8, answer_to_first_audio_ms = $9, voice_end_reason = $10
            WHERE call_id = $1 AND attempt = $2
            """);
        update.Parameters.Add(new() { Value = call.CallId });
        update.Parameters.Add(new() { Value = call.Attempt });
        update.Parameters.Add(new() { Value = summary.Turns });
        update.Parameters.Add(new() { Value = summary.InterruptedReplies });
        update.Parameters.Add(new() { Value = summary.FalseInterruptions });
        update.Parameters.Add(new() { Value = summary.AiSeconds });
        update.Parameters.Add(new() { Value = aiCost });
        update.Parameters.Add(new() { Value = ToText(summary.Machine) });
        update.Parameters.Add(Nullable(summary.AnswerToFirstAudioMs, NpgsqlDbType.Integer));
        update.Parameters.Add(new() { Value = summary.EndReason });
        batch.BatchCommands.Add(update);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A campaign's answered calls and how many had no agent audio within 2 s of the answer (view <c>campaign_abandonment</c>).</summary>
    public async Task<(long Answered, long Abandoned, decimal Rate)> GetAbandonmentAsync(long campaignId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT answered, abandoned, abandonment_rate FROM campaign_abandonment WHERE campaign_id = $1");
        command.Parameters.Add(new() { Value = campaignId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetDecimal(2))
            : (0, 0, 0m);
    }

    /// <summary>The stored name of an AMD result.</summary>
    public static string ToText(AnsweringMachineResult result) => result switch
    {
        AnsweringMachineResult.Human => "human",
        AnsweringMachineResult.Machine => "machine",
        _ => "unknown",
    };

    private static NpgsqlParameter Nullable<T>(T? value, NpgsqlDbType type)
        where T : struct =>
        new() { Value = value.HasValue ? value.Value : DBNull.Value, NpgsqlDbType = type };
}
