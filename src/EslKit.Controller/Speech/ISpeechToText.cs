namespace EslKit.Controller.Speech;

/// <summary>
/// A streaming speech-to-text engine: an utterance is begun when the caller starts speaking, fed while they speak,
/// and ended when they stop, so little work is left between the end of speech and the transcript.
/// </summary>
/// <remarks>Implementations are thread-safe: any number of calls may begin utterances concurrently.</remarks>
public interface ISpeechToText
{
    /// <summary>The sample rate the engine takes (16 kHz mono 16-bit for every engine here).</summary>
    int SampleRate { get; }

    /// <summary>Begins recognising one utterance.</summary>
    /// <param name="grammar">What to listen for; null for free speech (the engine's open vocabulary).</param>
    /// <param name="cancellationToken">Cancels waiting for the engine (e.g. for a free decoder).</param>
    /// <returns>The utterance, to feed and end; dispose it to abandon it.</returns>
    /// <exception cref="SpeechRecognitionException">The engine cannot start (model, grammar).</exception>
    ValueTask<ISpeechUtterance> BeginUtteranceAsync(SpeechGrammar? grammar, CancellationToken cancellationToken = default);
}
