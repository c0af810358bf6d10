using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Voice;

/// <summary>What the database holds about one attempt's conversation: its transcript rows and its call log's voice columns.</summary>
internal sealed record VoiceCallRecord(
    IReadOnlyList<(int Turn, string Speaker, string Text, bool Interrupted, int? SttMs, int? ResponseMs)> Rows,
    int? Turns,
    int? InterruptedReplies,
    int? FalseInterruptions,
    decimal? AiSeconds,
    decimal? AiCost,
    string? Machine,
    int? AnswerToFirstAudioMs,
    string? EndReason,
    string? HangupCause)
{
    public static async Task<VoiceCallRecord> ReadAsync(TestDatabase database, Guid callId)
    {
        var rows = new List<(int, string, string, bool, int?, int?)>();
        await using (var command = database.DataSource.CreateCommand(
            "SELECT turn, speaker, text, interrupted, stt_ms, response_ms FROM call_transcripts WHERE call_id = $1 ORDER BY turn, speaker DESC"))
        {
            command.Parameters.Add(new() { Value = callId });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5)));
            }
        }

        await using var log = database.DataSource.CreateCommand(
            """
            SELECT turns, interrupted_replies, false_interruptions, ai_seconds, ai_cost, amd_result, answer_to_first_audio_ms, voice_end_reason, hangup_cause
            FROM call_logs WHERE call_id = $1
            """);
        log.Parameters.Add(new() { Value = callId });
        await using var row = await log.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync(), "the call log exists");
        return new VoiceCallRecord(
            rows,
            row.IsDBNull(0) ? null : row.GetInt32(0),
            row.IsDBNull(1) ? null : row.GetInt32(1),
            row.IsDBNull(2) ? null : row.GetInt32(2),
            row.IsDBNull(3) ? null : row.GetDecimal(3),
            row.IsDBNull(4) ? null : row.GetDecimal(4),
            row.IsDBNull(5) ? null : row.GetString(5),
            row.IsDBNull(6) ? null : row.GetInt32(6),
            row.IsDBNull(7) ? null : row.GetString(7),
            row.IsDBNull(8) ? null : row.GetString(8));
    }

    /// <summary>Whether the conversation's summary has been written (it is written after the hangup's call log, or before).</summary>
    public static async Task<bool> SummaryWrittenAsync(TestDatabase database, Guid callId) =>
        await database.ScalarAsync<long>("SELECT count(*) FROM call_logs WHERE call_id = $1 AND voice_end_reason IS NOT NULL AND ended_at IS NOT NULL", callId) == 1;
}
