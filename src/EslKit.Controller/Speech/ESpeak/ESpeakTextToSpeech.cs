using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace EslKit.Controller.Speech.ESpeak;

/// <summary>
/// Offline text-to-speech with espeak-ng (Debian's libespeak-ng1), called in process: 22,050 Hz synthesis
/// converted to 16 kHz mono as it is produced, streamed chunk by chunk (about 100 ms each).
/// </summary>
/// <remarks>
/// <para>Concurrency: espeak-ng's library keeps its state in globals (one voice, one callback, one synthesis at a
/// time) and is not thread-safe. So every call into it happens on one dedicated thread that owns it; requests
/// from any number of calls queue there and are synthesised one after another. That serialises synthesis, which
/// is cheap (espeak-ng runs at a few percent of real time: a sentence takes tens of milliseconds, see
/// docs/voice.md), and avoids what pooling espeak-ng processes would cost — a process start per request or a pool
/// of resident processes, and audio through pipes. For the same reason only one instance may exist per process:
/// share it. A request whose token is cancelled (a barge-in) stops at its next chunk.</para>
/// </remarks>
public sealed class ESpeakTextToSpeech : ITextToSpeech, IDisposable
{
    private static int _instances;

    [ThreadStatic]
    private static ESpeakRequest? _current;

    private readonly ESpeakOptions _options;
    private readonly BlockingCollection<ESpeakRequest> _queue;
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private int _disposed;

    /// <summary>Starts the synthesis thread, which loads espeak-ng and the voice (errors surface on first use).</summary>
    /// <exception cref="InvalidOperationException">Another instance exists in this process.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ESpeakTextToSpeech(ESpeakOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Voice, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WordsPerMinute, 80, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.WordsPerMinute, 450, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxQueuedRequests, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxTextLength, nameof(options));
        if (Interlocked.CompareExchange(ref _instances, 1, 0) != 0)
        {
            throw new InvalidOperationException("espeak-ng keeps process-wide state: only one ESpeakTextToSpeech may exist per process; share it.");
        }

        _options = options;
        _queue = new BlockingCollection<ESpeakRequest>(options.MaxQueuedRequests);
        _thread = new Thread(Run) { IsBackground = true, Name = "espeak-ng" };
        _thread.Start();
    }

    /// <inheritdoc />
    public int SampleRate => 16_000;

    /// <summary>Waits until espeak-ng and the voice are loaded.</summary>
    /// <exception cref="SpeechSynthesisException">They did not load.</exception>
    public Task WarmUpAsync() => _ready.Task;

    /// <inheritdoc />
    public async IAsyncEnumerable<ReadOnlyMemory<short>> StreamAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        byte[] utf8 = Encode(text);
        await _ready.Task.ConfigureAwait(false);
        var request = new ESpeakRequest(utf8, cancellationToken);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_queue.TryAdd(request))
        {
            throw new SpeechSynthesisException($"espeak-ng has {_options.MaxQueuedRequests} requests waiting: refusing more.");
        }

        try
        {
            await foreach (ReadOnlyMemory<short> chunk in request.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return chunk;
            }
        }
        finally
        {
            // A consumer that stops early (or is cancelled) stops the synthesis too.
            request.Abandon();
        }
    }

    /// <inheritdoc />
    public async ValueTask<short[]> SynthesizeAsync(string text, CancellationToken cancellationToken = default)
    {
        var chunks = new List<ReadOnlyMemory<short>>();
        int total = 0;
        await foreach (ReadOnlyMemory<short> chunk in StreamAsync(text, cancellationToken).ConfigureAwait(false))
        {
            chunks.Add(chunk);
            total += chunk.Length;
        }

        var audio = new short[total];
        int at = 0;
        foreach (ReadOnlyMemory<short> chunk in chunks)
        {
            chunk.Span.CopyTo(audio.AsSpan(at));
            at += chunk.Length;
        }

        return audio;
    }

    /// <summary>Stops the synthesis thread after the request in progress and unloads espeak-ng (waiting at most 5 s); queued requests fail.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.CompleteAdding();

        // espeak_Terminate was seen to block at the end of a test run (a hang dump: the thread inside it, Dispose
        // joining it): the wait is bounded, and the thread is a background one, so the process still exits.
        if (_thread.Join(TimeSpan.FromSeconds(5)))
        {
            _queue.Dispose();
        }

        Interlocked.Exchange(ref _instances, 0);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe int OnSynthesis(short* samples, int count, IntPtr events)
    {
        // Runs on the synthesis thread, inside espeak_Synth. Returning 1 aborts the synthesis.
        ESpeakRequest? request = _current;
        if (request is null || request.IsStopped)
        {
            return 1;
        }

        try
        {
            if (samples != null && count > 0 && request.Resampler is { } resampler)
            {
                var input = new ReadOnlySpan<short>(samples, count);
                var chunk = new short[resampler.GetOutputLength(count)];
                int written = resampler.Process(input, chunk);
                request.Output.Writer.TryWrite(chunk.AsMemory(0, written));
            }

            return 0;
        }
        catch (Exception exception)
        {
            // Nothing may unwind into native code.
            request.CallbackError = exception;
            return 1;
        }
    }

    private byte[] Encode(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.Length > _options.MaxTextLength)
        {
            throw new ArgumentException($"The text is {text.Length} characters; at most {_options.MaxTextLength} are spoken at once.", nameof(text));
        }

        // Control characters (NUL above all) have no place in speech; the text is plain, never SSML.
        var clean = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        byte[] utf8 = new byte[Encoding.UTF8.GetByteCount(clean.ToString()) + 1];
        Encoding.UTF8.GetBytes(clean.ToString(), utf8);
        return utf8;
    }

    private void Run()
    {
        int rate;
        try
        {
            rate = ESpeakNative.Initialize(ESpeakNative.AudioOutputSynchronous, 100, _options.DataPath, ESpeakNative.InitializeDontExit);
            if (rate <= 0)
            {
                throw new SpeechSynthesisException("espeak-ng did not initialise (is espeak-ng-data installed?).");
            }

            unsafe
            {
                ESpeakNative.SetSynthCallback(&OnSynthesis);
            }

            if (ESpeakNative.SetVoiceByName(_options.Voice) != 0)
            {
                throw new SpeechSynthesisException($"espeak-ng has no voice \"{_options.Voice}\".");
            }

            _ = ESpeakNative.SetParameter(ESpeakNative.ParameterRate, _options.WordsPerMinute, 0);   // in range: checked above
            _ready.SetResult(rate);
        }
        catch (Exception exception)
        {
            _ready.SetException(exception as SpeechSynthesisException ?? new SpeechSynthesisException("espeak-ng failed to load.", exception));
            FailQueued(exception);
            return;
        }

        try
        {
            foreach (ESpeakRequest request in _queue.GetConsumingEnumerable())
            {
                Synthesize(request, rate);
            }
        }
        finally
        {
            _ = ESpeakNative.Terminate();   // best effort at shutdown
        }
    }

    private static unsafe void Synthesize(ESpeakRequest request, int rate)
    {
        try
        {
            request.Resampler = new AudioStream.PcmResampler(rate, 16_000);
            _current = request;
            int result;
            try
            {
                fixed (byte* text = request.Text)
                {
                    result = ESpeakNative.Synth(text, (nuint)request.Text.Length, 0, ESpeakNative.PositionCharacter, 0, ESpeakNative.CharsUtf8, null, IntPtr.Zero);
                }
            }
            finally
            {
                _current = null;
            }

            if (request.CallbackError is { } error)
            {
                throw new SpeechSynthesisException("espeak-ng's audio could not be converted.", error);
            }

            if (request.IsStopped)
            {
                throw new OperationCanceledException(request.Cancellation);
            }

            if (result != 0)
            {
                throw new SpeechSynthesisException($"espeak-ng failed to synthesise ({result}).");
            }

            request.Output.Writer.TryComplete();
        }
        catch (Exception exception)
        {
            request.Output.Writer.TryComplete(exception);
        }
    }

    private void FailQueued(Exception exception)
    {
        foreach (ESpeakRequest request in _queue.GetConsumingEnumerable())
        {
            request.Output.Writer.TryComplete(exception);
        }
    }
}
