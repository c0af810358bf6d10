namespace EslKit.Controller.Speech;

/// <summary>The final transcript of one utterance, with its timing.</summary>
/// <param name="Text">The words heard, separated by single spaces; empty when nothing was recognised.</param>
/// <param name="Words">The words with their positions in the audio (may be empty even when <paramref name="Text"/> is not, for engines that give no timing).</param>
/// <param name="AudioDuration">How much audio the utterance held.</param>
/// <param name="FinalizationTime">How long the engine took, after the last audio, to produce this transcript (what the caller waits for after the end of speech).</param>
/// <param name="ProcessingTime">Time spent in the engine for the whole utterance (feeding and finalising).</param>
public sealed record SpeechTranscript(
    string Text,
    IReadOnlyList<SpeechWord> Words,
    TimeSpan AudioDuration,
    TimeSpan FinalizationTime,
    TimeSpan ProcessingTime)
{
    /// <summary>True when nothing was recognised.</summary>
    public bool IsEmpty => Text.Length == 0;

    /// <summary>Processing time over audio duration: below 1 the engine keeps up with speech in real time.</summary>
    public double RealTimeFactor => AudioDuration > TimeSpan.Zero ? ProcessingTime / AudioDuration : 0;
}
