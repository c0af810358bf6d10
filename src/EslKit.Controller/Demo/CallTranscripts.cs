using System.Globalization;
using System.Text;
using Npgsql;

namespace EslKit.Controller.Demo;

/// <summary>The demo's transcripts: each answered attempt's conversation as <c>call_transcripts</c> holds it, with its voice summary.</summary>
internal sealed class CallTranscripts(NpgsqlDataSource dataSource)
{
    /// <summary>The transcripts of the campaigns' answered attempts as plain text, tenant by tenant in item order.</summary>
    public async Task<string> RenderAsync(IReadOnlyList<long> campaignIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT u.name, l.number, l.attempt, l.amd_result, l.answer_to_first_audio_ms, l.turns, l.interrupted_replies, l.voice_end_reason,
                   t.turn, t.speaker, t.text, t.interrupted, t.response_ms
            FROM call_logs l
            JOIN users u ON u.id = l.tenant_id
            LEFT JOIN campaign_items i ON i.id = l.item_id
            LEFT JOIN call_transcripts t ON t.call_id = l.call_id AND t.attempt = l.attempt
            WHERE l.campaign_id = ANY($1) AND l.answered_at IS NOT NULL
            ORDER BY u.id, i.id, l.attempt, t.turn, t.speaker DESC
            """);
        command.Parameters.Add(new() { Value = campaignIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        string? call = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string key = string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(1)}/{reader.GetInt32(2)}");
            if (key != call)
            {
                call = key;
                text.Append(CultureInfo.InvariantCulture, $"{reader.GetString(0)} +{reader.GetString(1)}, attempt {reader.GetInt32(2)}: ")
                    .Append(CultureInfo.InvariantCulture, $"answered by {(reader.IsDBNull(3) ? "?" : reader.GetString(3) switch { "machine" => "a machine", "human" => "a person", _ => "someone (not sure who)" })}")
                    .Append(reader.IsDBNull(4) ? ", no agent audio" : string.Create(CultureInfo.InvariantCulture, $", first agent audio {reader.GetInt32(4)} ms after the answer"))
                    .Append(reader.IsDBNull(5) ? "" : string.Create(CultureInfo.InvariantCulture, $", {reader.GetInt32(5)} turns"))
                    .Append(reader.IsDBNull(6) || reader.GetInt32(6) == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", {reader.GetInt32(6)} interrupted"))
                    .Append(reader.IsDBNull(7) ? "" : "; " + reader.GetString(7))
                    .Append('\n');
            }

            if (!reader.IsDBNull(8))
            {
                text.Append("    ").Append(reader.GetString(9)).Append(": ").Append(reader.GetString(10));
                if (reader.GetBoolean(11))
                {
                    text.Append(" [interrupted]");
                }

                if (!reader.IsDBNull(12))
                {
                    text.Append(CultureInfo.InvariantCulture, $"  ({reader.GetInt32(12)} ms after the caller stopped)");
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }
}
