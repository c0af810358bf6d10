namespace EslKit.Benchmarks;

/// <summary>One recorded call of the comparison: 16 kHz audio and, for speech, where the speech is (seconds).</summary>
public sealed record VadCorpusItem(string Name, VadCorpusKind Kind, short[] Audio, double SpeechStart, double SpeechEnd);
