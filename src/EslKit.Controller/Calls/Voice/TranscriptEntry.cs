namespace EslKit.Controller.Calls.Voice;

/// <summary>One row of <c>call_transcripts</c>: what the caller or the agent said in a turn, when, and how long each stage took (milliseconds).</summary>
/// <param name="Turn">0 for the greeting; the caller's n-th answered utterance and the agent's reply share turn n.</param>
/// <param name="Speaker"><c>caller</c> or <c>agent</c>.</param>
/// <param name="Text">The transcript or the reply.</param>
/// <param name="StartedAt">When the speech began (the caller's onset, or the reply's playback start or send).</param>
/// <param name="EndedAt">When it ended (the end-of-speech decision, or the reply's last playback's end).</param>
/// <param name="SttMs">Caller rows: end-of-speech decision → final transcript.</param>
/// <param name="AgentMs">Agent rows: transcript → agent reply.</param>
/// <param name="TtsMs">Agent rows: agent reply → first synthesised audio.</param>
/// <param name="PlaybackMs">Agent rows: first synthesised audio → PLAYBACK_START.</param>
/// <param name="ResponseMs">Agent rows: end of the caller's speech (decision) → PLAYBACK_START of the reply.</param>
/// <param name="Interrupted">Agent rows: the caller barged in before the reply was over.</param>
internal sealed record TranscriptEntry(
    int Turn,
    string Speaker,
    string Text,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int? SttMs = null,
    int? AgentMs = null,
    int? TtsMs = null,
    int? PlaybackMs = null,
    int? ResponseMs = null,
    bool Interrupted = false);
