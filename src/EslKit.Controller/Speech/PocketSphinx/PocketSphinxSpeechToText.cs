using System.Collections.Concurrent;

namespace EslKit.Controller.Speech.PocketSphinx;

/// <summary>
/// Offline speech-to-text with pocketsphinx (Debian's libpocketsphinx3 and pocketsphinx-en-us), called in process.
/// Audio is decoded as it is fed; with a <see cref="SpeechGrammar"/> the decoder listens only for the grammar's
/// sentences, without one it uses the open en-us language model.
/// </summary>
/// <remarks>
/// <para>Thread safety: this object is thread-safe. Each utterance gets a native decoder of its own from a pool
/// (pocketsphinx decoders are not thread-safe, but separate decoders run in parallel), and gives it back when it
/// ends or is disposed. At most <see cref="PocketSphinxOptions.MaxDecoders"/> exist; when all are busy,
/// <see cref="BeginUtteranceAsync"/> waits for one. Decoders are created on first need (about 0.5 s each; call
/// <see cref="WarmUpAsync"/> at start to pay that early) and freed on <see cref="Dispose"/>.</para>
/// <para>Input must be 16 kHz mono; telephone audio must be conditioned first (see
/// <see cref="Audio.NarrowbandConditioner"/>). sphinxbase's own logging is switched off (it is process-wide and
/// cannot be routed to ILogger); failures come back as <see cref="SpeechRecognitionException"/>.</para>
/// </remarks>
public sealed class PocketSphinxSpeechToText : ISpeechToText, IDisposable
{
    private readonly PocketSphinxOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentBag<PocketSphinxDecoder> _idle = new();
    private readonly SemaphoreSlim _slots;
    private int _created;
    private volatile bool _disposed;

    /// <summary>Creates the recogniser (no decoder is loaded yet).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="PocketSphinxOptions.MaxDecoders"/> is not positive.</exception>
    public PocketSphinxSpeechToText(PocketSphinxOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxDecoders, nameof(options.MaxDecoders));
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _slots = new SemaphoreSlim(options.MaxDecoders, options.MaxDecoders);
    }

    /// <inheritdoc />
    public int SampleRate => 16_000;

    /// <summary>Decoders created so far (idle or busy).</summary>
    public int DecoderCount => Volatile.Read(ref _created);

    /// <summary>Loads decoders until <paramref name="count"/> exist (at most <see cref="PocketSphinxOptions.MaxDecoders"/>).</summary>
    /// <exception cref="SpeechRecognitionException">The model does not load.</exception>
    public async Task WarmUpAsync(int count, CancellationToken cancellationToken = default)
    {
        count = Math.Min(count, _options.MaxDecoders);
        var taken = new List<PocketSphinxDecoder>();
        try
        {
            while (DecoderCount < count)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    taken.Add(await CreateDecoderAsync(cancellationToken).ConfigureAwait(false));
                }
                catch
                {
                    _slots.Release();
                    throw;
                }
            }
        }
        finally
        {
            foreach (PocketSphinxDecoder decoder in taken)
            {
                Return(decoder);
            }
        }
    }

    /// <summary>The words of <paramref name="words"/> the dictionary does not know (a grammar using them would be refused).</summary>
    public async Task<IReadOnlyList<string>> FindUnknownWordsAsync(IEnumerable<string> words, CancellationToken cancellationToken = default)
    {
        PocketSphinxDecoder decoder = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return decoder.FindUnknownWords(words.Select(word => word.ToLowerInvariant()));
        }
        finally
        {
            Return(decoder);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ISpeechUtterance> BeginUtteranceAsync(SpeechGrammar? grammar, CancellationToken cancellationToken = default)
    {
        PocketSphinxDecoder decoder = await RentAsync(cancellationToken).ConfigureAwait(false);
        long started = _time.GetTimestamp();
        try
        {
            decoder.Begin(grammar);
        }
        catch
        {
            Return(decoder);
            throw;
        }

        return new PocketSphinxUtterance(this, decoder, _time, _time.GetElapsedTime(started));
    }

    /// <summary>Frees every idle decoder now and every busy one when its utterance ends.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out PocketSphinxDecoder? decoder))
        {
            decoder.Dispose();
        }
    }

    /// <summary>Gives a decoder back to the pool (or frees it after disposal).</summary>
    internal void Return(PocketSphinxDecoder decoder)
    {
        if (_disposed)
        {
            decoder.Dispose();
        }
        else
        {
            _idle.Add(decoder);
            if (_disposed && _idle.TryTake(out PocketSphinxDecoder? late))
            {
                late.Dispose();
            }
        }

        _slots.Release();
    }

    private async ValueTask<PocketSphinxDecoder> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_idle.TryTake(out PocketSphinxDecoder? decoder))
        {
            return decoder;
        }

        try
        {
            return await CreateDecoderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    private async Task<PocketSphinxDecoder> CreateDecoderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Loading a model takes about half a second of CPU: off the caller's thread, which may be a call's audio loop.
        PocketSphinxDecoder decoder = await Task.Run(() => PocketSphinxDecoder.Create(_options), cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _created);
        return decoder;
    }
}
