using EslKit.AudioStream;
using EslKit.Controller.Audio;

namespace EslKit.Controller.Speech;

/// <summary>
/// One call's listening side: voice-activity detection on the call audio, conditioning of telephone-band audio,
/// and a speech-to-text utterance begun at the start of speech, fed while the caller speaks and ended at the end
/// of speech, so the transcript follows the end-of-speech decision closely.
/// </summary>
/// <remarks>
/// <para>Frame path: (8 kHz → 16 kHz) → voice activity → ring of recent audio. At the start decision the utterance
/// begins with the ring's audio from <see cref="StreamingSpeechRecognizerOptions.LeadIn"/> before the detected
/// onset (the decision comes after the minimum speech duration); then every frame is conditioned (when the call
/// is narrowband) and fed as it arrives. The band is detected from the audio unless configured, and decided per
/// utterance so an utterance is conditioned one way throughout.</para>
/// <para>Frames between utterances allocate nothing; an utterance allocates what its engine needs to begin and
/// end. One instance per call, frames in order, one at a time.</para>
/// </remarks>
public sealed class StreamingSpeechRecognizer : IAsyncDisposable
{
    private const int SampleRate = 16_000;

    private readonly ISpeechToText _engine;
    private readonly IVoiceActivityDetector _vad;
    private readonly PcmResampler? _upsampler;
    private readonly NarrowbandConditioner _conditioner;
    private readonly AudioBandwidthDetector _detector = new();
    private readonly short[] _ring;
    private readonly short[] _frame;
    private readonly short[] _scratch;
    private readonly long _leadIn;
    private readonly long _leadOut;
    private readonly long _lookAhead;
    private readonly bool _waitForEngine;
    private long _written;            // 16 kHz samples written to the ring since the start
    private long _fed;                // of those, the end of what the current utterance has been fed
    private ISpeechUtterance? _utterance;
    private Task<ISpeechUtterance>? _starting;   // an utterance waiting for the engine (no free decoder yet)
    private VoiceActivity? _endedWhileStarting;  // and the frame that ended it meanwhile
    private bool _conditioning;
    private long _samplesLost;

    /// <summary>Creates the recogniser for one call.</summary>
    /// <param name="engine">The speech-to-text engine (16 kHz).</param>
    /// <param name="voiceActivityDetector">A fresh detector for this call, taking 16 kHz frames.</param>
    /// <param name="options">Settings.</param>
    /// <exception cref="ArgumentException">The engine or the detector does not take 16 kHz, or an option is out of range.</exception>
    public StreamingSpeechRecognizer(ISpeechToText engine, IVoiceActivityDetector voiceActivityDetector, StreamingSpeechRecognizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(voiceActivityDetector);
        ArgumentNullException.ThrowIfNull(options);
        if (engine.SampleRate != SampleRate || voiceActivityDetector.SampleRate != SampleRate)
        {
            throw new ArgumentException("The speech engine and the voice-activity detector must take 16 kHz audio.", nameof(engine));
        }

        if (options.InputSampleRate is not (8_000 or 16_000))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.InputSampleRate, "The input must be 8,000 or 16,000 Hz.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.LeadIn, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.LeadIn, TimeSpan.FromSeconds(1), nameof(options));
        _engine = engine;
        _vad = voiceActivityDetector;
        if (options.InputSampleRate != SampleRate)
        {
            _upsampler = new PcmResampler(options.InputSampleRate, SampleRate);
            Bandwidth = AudioBandwidth.Narrowband;
        }
        else
        {
            Bandwidth = options.Bandwidth;
        }

        var conditioning = new NarrowbandConditionerOptions
        {
            InputSampleRate = SampleRate,
            TargetPeakDbfs = options.Conditioning.TargetPeakDbfs,
            MaxGainDb = options.Conditioning.MaxGainDb,
            NoiseLevelDbfs = options.Conditioning.NoiseLevelDbfs,
            NoiseCornerHz = options.Conditioning.NoiseCornerHz,
            NoiseSeed = options.Conditioning.NoiseSeed,
        };
        _conditioner = new NarrowbandConditioner(conditioning);
        _leadIn = (long)(options.LeadIn.TotalSeconds * SampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LeadOut, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.LeadOut, TimeSpan.FromSeconds(1), nameof(options));
        _leadOut = (long)(options.LeadOut.TotalSeconds * SampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LookAhead, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.LookAhead, TimeSpan.FromSeconds(1), nameof(options));
        _lookAhead = (long)(options.LookAhead.TotalSeconds * SampleRate);
        _waitForEngine = options.WaitForEngine;

        // The ring holds the onset the detector needs before deciding plus the lead-in, and is the call's bounded
        // queue while an utterance waits for the engine (a free decoder): what does not fit is lost, and counted.
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PendingAudio, TimeSpan.FromSeconds(1), nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PendingAudio, TimeSpan.FromSeconds(30), nameof(options));
        _ring = new short[(int)(options.PendingAudio.TotalSeconds * SampleRate)];
        _frame = new short[4096];
        _scratch = new short[4096];
    }

    /// <summary>The grammar the next utterance is recognised with; null for free speech.</summary>
    public SpeechGrammar? Grammar { get; set; }

    /// <summary>The call's audio band: configured, or detected (<see cref="AudioBandwidth.Unknown"/> until decided).</summary>
    public AudioBandwidth Bandwidth { get; private set; }

    /// <summary>True while an utterance is being recognised (or waits for the engine).</summary>
    public bool InUtterance => _utterance is not null || _starting is not null;

    /// <summary>
    /// Speech samples (16 kHz) not recognised because an utterance waited for the engine longer than the ring holds
    /// (<see cref="StreamingSpeechRecognizerOptions.PendingAudio"/>); 0 while decoders keep up.
    /// </summary>
    public long SamplesLost => _samplesLost;

    /// <summary>Takes the next frame of call audio (mono, at the input rate; at most 4,096 samples after upsampling).</summary>
    /// <returns>The frame's voice activity, and the transcript when the frame ended an utterance.</returns>
    /// <exception cref="ArgumentException">The frame is longer than 4,096 samples at 16 kHz.</exception>
    /// <exception cref="SpeechRecognitionException">The engine failed; the utterance is abandoned.</exception>
    public async ValueTask<StreamingRecognitionResult> ProcessAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken = default)
    {
        int length = ToSixteenKilohertz(frame.Span);
        ReadOnlyMemory<short> audio = _frame.AsMemory(0, length);
        VoiceActivity activity = _vad.Process(audio.Span);
        if (Bandwidth == AudioBandwidth.Unknown)
        {
            Bandwidth = _detector.Process(audio.Span);
        }

        WriteRing(audio.Span);
        SpeechTranscript? finished = null;
        VoiceActivity? finishedActivity = null;
        if (_starting is not null && (_starting.IsCompleted || activity.Event == VoiceActivityEvent.SpeechStarted))
        {
            // The engine is ready for the waiting utterance (or a new one begins: the waiting one must finish first).
            (finished, finishedActivity) = await TakeStartedAsync(cancellationToken).ConfigureAwait(false);
        }

        if (activity.Event == VoiceActivityEvent.SpeechStarted)
        {
            await BeginAsync(activity, cancellationToken).ConfigureAwait(false);
        }
        else if (_utterance is not null || _starting is not null)
        {
            if (_conditioning)
            {
                _conditioner.Anticipate(audio.Span);
            }

            if (_utterance is not null)
            {
                await FeedRingAsync(FeedLimit(activity), cancellationToken).ConfigureAwait(false);
            }
        }

        if (activity.Event == VoiceActivityEvent.SpeechEnded)
        {
            if (_utterance is not null)
            {
                return new StreamingRecognitionResult(activity, await EndAsync(activity, cancellationToken).ConfigureAwait(false));
            }

            if (_starting is not null)
            {
                _endedWhileStarting = activity; // transcribed once the engine takes it
            }
        }

        return finished is null ? new StreamingRecognitionResult(activity, null) : new StreamingRecognitionResult(activity, finished, finishedActivity);
    }

    // The waiting utterance gets its engine: it is fed what the ring still holds, and ended if it ended meanwhile.
    private async ValueTask<(SpeechTranscript?, VoiceActivity?)> TakeStartedAsync(CancellationToken cancellationToken)
    {
        Task<ISpeechUtterance> starting = _starting!;
        _starting = null;
        _utterance = await starting.ConfigureAwait(false);
        if (_fed < _written - _ring.Length)
        {
            Interlocked.Add(ref _samplesLost, _written - _ring.Length - _fed);
        }

        if (_endedWhileStarting is not { } ended)
        {
            return (null, null);
        }

        _endedWhileStarting = null;
        return (await EndAsync(ended, cancellationToken).ConfigureAwait(false), ended);
    }

    private async ValueTask<SpeechTranscript> EndAsync(VoiceActivity ended, CancellationToken cancellationToken)
    {
        await FeedRingAsync(Math.Min(_written, Samples(ended.UtteranceEnd) + _leadOut), cancellationToken).ConfigureAwait(false);
        ISpeechUtterance utterance = _utterance!;
        _utterance = null;
        await using (utterance.ConfigureAwait(false))
        {
            return await utterance.EndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The audio is over (a recording, not a live call, whose next frame would have done it): an utterance that ended
    /// while it waited for the engine is fed and transcribed now.
    /// </summary>
    /// <returns>Its transcript and the activity that ended it; null when no such utterance waits.</returns>
    public async ValueTask<StreamingRecognitionResult?> FinishAsync(CancellationToken cancellationToken = default)
    {
        if (_starting is null || _endedWhileStarting is null)
        {
            return null;
        }

        var (transcript, ended) = await TakeStartedAsync(cancellationToken).ConfigureAwait(false);
        return new StreamingRecognitionResult(ended!.Value, transcript, ended);
    }

    /// <summary>Abandons the utterance in progress, if any (barge-in handling, hang-up).</summary>
    public async ValueTask CancelUtteranceAsync()
    {
        ISpeechUtterance? utterance = _utterance;
        _utterance = null;
        if (utterance is not null)
        {
            await utterance.DisposeAsync().ConfigureAwait(false);
        }

        Task<ISpeechUtterance>? starting = _starting;
        _starting = null;
        _endedWhileStarting = null;
        if (starting is not null)
        {
            try
            {
                await (await starting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false); // the decoder goes back
            }
            catch (Exception ex) when (ex is OperationCanceledException or SpeechRecognitionException or ObjectDisposedException)
            {
                // It never started.
            }
        }
    }

    /// <summary>Abandons the utterance in progress.</summary>
    public ValueTask DisposeAsync() => CancelUtteranceAsync();

    private int ToSixteenKilohertz(ReadOnlySpan<short> input)
    {
        if (_upsampler is null)
        {
            if (input.Length > _frame.Length)
            {
                throw new ArgumentException($"A frame holds at most {_frame.Length} samples.", nameof(input));
            }

            input.CopyTo(_frame);
            return input.Length;
        }

        if (_upsampler.GetOutputLength(input.Length) > _frame.Length)
        {
            throw new ArgumentException($"A frame holds at most {_frame.Length} samples after upsampling.", nameof(input));
        }

        return _upsampler.Process(input, _frame);
    }

    private void WriteRing(ReadOnlySpan<short> audio)
    {
        while (!audio.IsEmpty)
        {
            int at = (int)(_written % _ring.Length);
            int count = Math.Min(audio.Length, _ring.Length - at);
            audio[..count].CopyTo(_ring.AsSpan(at));
            _written += count;
            audio = audio[count..];
        }
    }

    private async ValueTask BeginAsync(VoiceActivity activity, CancellationToken cancellationToken)
    {
        await CancelUtteranceAsync().ConfigureAwait(false);
        _conditioning = Bandwidth != AudioBandwidth.Wideband;

        // The utterance starts at the lead-in before the onset, as far as the ring still holds it; the level is
        // set from everything heard up to the start decision before a sample of it is conditioned.
        _fed = Math.Max(Math.Max(0, Samples(activity.UtteranceStart) - _leadIn), _written - _ring.Length);
        if (_conditioning)
        {
            BeginConditioning(_fed, _written);
        }

        // No free decoder: the frames go on into the ring (never blocking the call's audio) until the engine is ready.
        ValueTask<ISpeechUtterance> starting = _engine.BeginUtteranceAsync(Grammar, cancellationToken);
        if (!starting.IsCompleted && !_waitForEngine)
        {
            _starting = starting.AsTask();
            return;
        }

        _utterance = await starting.ConfigureAwait(false);
        try
        {
            await FeedRingAsync(FeedLimit(activity), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await CancelUtteranceAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// How far the utterance may be fed now: the look-ahead stays back (its level is known before it is
    /// conditioned), and so does silence beyond the lead-out after the last speech (it is fed only if speech resumes,
    /// so the engine never reads words into the hangover's trailing noise).
    /// </summary>
    private long FeedLimit(VoiceActivity activity) =>
        Math.Min(_written - _lookAhead, Samples(activity.UtteranceEnd) + _leadOut);

    private void BeginConditioning(long from, long to)
    {
        // The opening may wrap around the ring's end: its peak is the larger of the two parts' peaks.
        from = Math.Max(from, _written - _ring.Length);
        int at = (int)(from % _ring.Length);
        int first = (int)Math.Min(to - from, _ring.Length - at);
        ReadOnlySpan<short> head = _ring.AsSpan(at, first);
        ReadOnlySpan<short> tail = _ring.AsSpan(0, (int)(to - from - first));
        _conditioner.BeginUtterance(PcmLevel.Peak(head) >= PcmLevel.Peak(tail) ? head : tail);
    }

    /// <summary>Feeds the ring's samples from where the utterance stands up to <paramref name="to"/>.</summary>
    private async ValueTask FeedRingAsync(long to, CancellationToken cancellationToken)
    {
        long from = Math.Max(_fed, _written - _ring.Length);
        while (from < to)
        {
            int count = (int)Math.Min(Math.Min(to - from, _scratch.Length), _ring.Length - (from % _ring.Length));
            await FeedAsync(_ring.AsMemory((int)(from % _ring.Length), count), cancellationToken).ConfigureAwait(false);
            from += count;
        }

        _fed = Math.Max(_fed, to);
    }

    private static long Samples(TimeSpan offset) => (long)Math.Round(offset.TotalSeconds * SampleRate);

    private ValueTask FeedAsync(ReadOnlyMemory<short> audio, CancellationToken cancellationToken)
    {
        if (!_conditioning)
        {
            return _utterance!.WriteAsync(audio, cancellationToken);
        }

        int count = _conditioner.Process(audio.Span, _scratch);
        return _utterance!.WriteAsync(_scratch.AsMemory(0, count), cancellationToken);
    }
}
