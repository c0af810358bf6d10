namespace EslKit.Controller.Speech.PocketSphinx;

/// <summary>
/// One utterance on a pooled pocketsphinx decoder: audio is decoded as it is written. A lock (never held across
/// an await: every call is synchronous) keeps a dispose racing a write from giving the decoder back mid-call.
/// </summary>
internal sealed class PocketSphinxUtterance : ISpeechUtterance
{
    private readonly PocketSphinxSpeechToText _owner;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private PocketSphinxDecoder? _decoder;
    private TimeSpan _processing;
    private long _samples;

    public PocketSphinxUtterance(PocketSphinxSpeechToText owner, PocketSphinxDecoder decoder, TimeProvider time, TimeSpan startup)
    {
        _owner = owner;
        _decoder = decoder;
        _time = time;
        _processing = startup;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            PocketSphinxDecoder decoder = _decoder ?? throw new InvalidOperationException("The utterance has ended.");
            long started = _time.GetTimestamp();
            decoder.Process(samples.Span);
            _processing += _time.GetElapsedTime(started);
            _samples += samples.Length;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<SpeechTranscript> EndAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            PocketSphinxDecoder decoder = _decoder ?? throw new InvalidOperationException("The utterance has ended.");
            _decoder = null;
            try
            {
                long started = _time.GetTimestamp();
                (string text, IReadOnlyList<SpeechWord> words) = decoder.End();
                TimeSpan finalization = _time.GetElapsedTime(started);
                return ValueTask.FromResult(new SpeechTranscript(
                    text, words, TimeSpan.FromSeconds(_samples / 16_000.0), finalization, _processing + finalization));
            }
            finally
            {
                _owner.Return(decoder);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_decoder is { } decoder)
            {
                _decoder = null;
                decoder.Abandon();
                _owner.Return(decoder);
            }
        }

        return ValueTask.CompletedTask;
    }
}
