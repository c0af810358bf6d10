namespace EslKit.Controller.Speech;

/// <summary>
/// One utterance being recognised. Feed it audio in order while the caller speaks, then end it for the transcript;
/// disposing it without ending abandons it. Calls on one utterance must not overlap (it is one stream).
/// </summary>
public interface ISpeechUtterance : IAsyncDisposable
{
    /// <summary>Feeds the next samples (mono, 16-bit, at the engine's <see cref="ISpeechToText.SampleRate"/>).</summary>
    /// <remarks>The samples are consumed before the returned task completes; the caller may reuse the buffer then.</remarks>
    /// <exception cref="InvalidOperationException">The utterance has ended, or another call on it is in progress.</exception>
    ValueTask WriteAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken = default);

    /// <summary>Ends the utterance and returns its final transcript.</summary>
    /// <exception cref="InvalidOperationException">The utterance has already ended.</exception>
    /// <exception cref="SpeechRecognitionException">The engine failed.</exception>
    /// <exception cref="Cloud.SpeechProviderException">A cloud engine failed (credentials, rate limit, timeout, outage): <see cref="Cloud.SpeechProviderException.Reason"/> says which.</exception>
    ValueTask<SpeechTranscript> EndAsync(CancellationToken cancellationToken = default);
}
