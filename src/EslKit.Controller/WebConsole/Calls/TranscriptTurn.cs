namespace EslKit.Controller.WebConsole.Calls;

/// <summary>One utterance of a call's transcript (a row of <c>call_transcripts</c>, migration 0003).</summary>
/// <param name="Turn">The turn (0: the agent's greeting).</param>
/// <param name="Speaker"><c>caller</c> or <c>agent</c>.</param>
/// <param name="Text">What was said.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="SttMilliseconds">End of speech → final transcript (agent rows).</param>
/// <param name="AgentMilliseconds">Transcript → reply (agent rows).</param>
/// <param name="TtsMilliseconds">Reply → first synthesised audio (agent rows).</param>
/// <param name="ResponseMilliseconds">End of the caller's speech → playback started: the latency the caller hears.</param>
/// <param name="Interrupted">The caller spoke over it.</param>
internal sealed record TranscriptTurn(
    int Turn,
    string Speaker,
    string Text,
    DateTimeOffset StartedAt,
    int? SttMilliseconds,
    int? AgentMilliseconds,
    int? TtsMilliseconds,
    int? ResponseMilliseconds,
    bool Interrupted);
