namespace EslKit.Controller.Speech;

/// <summary>A text-to-speech engine producing 16 kHz mono 16-bit audio, whole or streamed as it is synthesised.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface ITextToSpeech
{
    /// <summary>The sample rate of the audio produced (16,000 Hz for every engine here: what the call plays).</summary>
    int SampleRate { get; }

    /// <summary>Synthesises <paramref name="text"/> and yields its audio in chunks as they are ready (the caller owns each chunk).</summary>
    /// <exception cref="ArgumentException">The text is empty or too long.</exception>
    /// <exception cref="SpeechSynthesisException">The engine failed.</exception>
    /// <exception cref="Cloud.SpeechProviderException">A cloud engine failed (credentials, rate limit, timeout, outage): <see cref="Cloud.SpeechProviderException.Reason"/> says which.</exception>
    IAsyncEnumerable<ReadOnlyMemory<short>> StreamAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Synthesises <paramref name="text"/> and returns all of its audio.</summary>
    /// <exception cref="ArgumentException">The text is empty or too long.</exception>
    /// <exception cref="SpeechSynthesisException">The engine failed.</exception>
    /// <exception cref="Cloud.SpeechProviderException">A cloud engine failed (credentials, rate limit, timeout, outage): <see cref="Cloud.SpeechProviderException.Reason"/> says which.</exception>
    ValueTask<short[]> SynthesizeAsync(string text, CancellationToken cancellationToken = default);
}
