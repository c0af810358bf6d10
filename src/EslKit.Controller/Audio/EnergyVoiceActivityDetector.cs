using EslKit.AudioStream;

namespace EslKit.Controller.Audio;

/// <summary>
/// A cheap voice-activity detector on frame energy: a frame is speech when its RMS level stands far enough above
/// an adaptive noise floor; an utterance starts after a minimum duration of speech and ends after a hangover of
/// silence. The default detector, and the one the many-stream benchmarks run.
/// </summary>
/// <remarks>
/// <para>The noise floor follows quieter frames quickly (<see cref="EnergyVoiceActivityDetectorOptions.NoiseFloorFall"/>)
/// and louder non-speech slowly (<see cref="EnergyVoiceActivityDetectorOptions.NoiseFloorRise"/>), so it settles on
/// the background between words; during speech it rises very slowly, so a lasting new background (a tone, a fan)
/// is eventually learned rather than heard as endless speech. The floor starts from the level of the stream's first
/// moments (<see cref="EnergyVoiceActivityDetectorOptions.NoiseFloorLearning"/>), so a noisy line is known as noise from the start. Onset and continuation thresholds differ
/// (hysteresis), so soft word endings do not split an utterance.</para>
/// <para>Energy cannot tell speech from other loud sound: a cough longer than the minimum speech duration starts
/// an utterance (the recogniser then hears nothing it knows). <see cref="Process"/> allocates nothing; one
/// instance per stream, not thread-safe.</para>
/// </remarks>
public sealed class EnergyVoiceActivityDetector : IVoiceActivityDetector
{
    private readonly EnergyVoiceActivityDetectorOptions _options;
    private readonly long _minimumSpeech;
    private readonly long _gapTolerance;
    private readonly long _hangover;
    private readonly long _maximumUtterance;
    private readonly long _learning;

    private long _position;           // samples seen
    private double _floor;
    private bool _inUtterance;
    private long _candidateStart = -1;
    private long _candidateSpeech;
    private long _candidateGap;
    private long _utteranceStart;
    private long _lastSpeechEnd;
    private long _silence;
    private double _quietest = double.PositiveInfinity; // while the floor is being learned

    /// <summary>Creates a detector.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public EnergyVoiceActivityDetector(EnergyVoiceActivityDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        SampleRate = options.SampleRate;
        _minimumSpeech = Samples(options.MinimumSpeechDuration);
        _gapTolerance = Samples(options.OnsetGapTolerance);
        _hangover = Samples(options.Hangover);
        _maximumUtterance = Samples(options.MaximumUtterance);
        _learning = Samples(options.NoiseFloorLearning);
        _floor = options.InitialNoiseFloorDbfs;
    }

    /// <inheritdoc />
    public int SampleRate { get; }

    /// <inheritdoc />
    public bool InUtterance => _inUtterance;

    /// <summary>The current noise floor estimate, in dBFS.</summary>
    public double NoiseFloorDbfs => _floor;

    /// <inheritdoc />
    public VoiceActivity Process(ReadOnlySpan<short> frame)
    {
        long start = _position;
        long length = frame.Length;
        _position += length;
        double level = PcmLevel.RmsDbfs(frame);
        if (start < _learning && length > 0)
        {
            // Learning the line's floor: its quietest frame, never speech.
            _quietest = Math.Min(_quietest, level);
            if (_position >= _learning)
            {
                _floor = Math.Max(_options.LowestNoiseFloorDbfs, _quietest);
            }

            return new VoiceActivity(VoiceActivityEvent.None, false, false, Time(_position), TimeSpan.Zero, TimeSpan.Zero, level, _floor);
        }

        double threshold = _floor + (_inUtterance ? _options.ContinuationThresholdDb : _options.OnsetThresholdDb);
        bool speech = length > 0 && level >= threshold && level >= _options.MinimumSpeechLevelDbfs;
        AdaptFloor(level, speech, length);

        VoiceActivityEvent change = _inUtterance ? Continue(speech, start, length) : Onset(speech, start, length);
        return new VoiceActivity(
            change,
            _inUtterance,
            speech,
            Time(_position),
            Time(_inUtterance || change == VoiceActivityEvent.SpeechEnded ? _utteranceStart : Math.Max(_candidateStart, 0)),
            Time(_lastSpeechEnd),
            level,
            _floor);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _position = 0;
        _floor = _options.InitialNoiseFloorDbfs;
        _inUtterance = false;
        _candidateStart = -1;
        _candidateSpeech = 0;
        _candidateGap = 0;
        _utteranceStart = 0;
        _lastSpeechEnd = 0;
        _silence = 0;
        _quietest = double.PositiveInfinity;
    }

    private VoiceActivityEvent Onset(bool speech, long start, long length)
    {
        if (speech)
        {
            if (_candidateStart < 0)
            {
                _candidateStart = start;
                _candidateSpeech = 0;
            }

            _candidateSpeech += length;
            _candidateGap = 0;
            _lastSpeechEnd = start + length;
            if (_candidateSpeech >= _minimumSpeech)
            {
                _inUtterance = true;
                _utteranceStart = _candidateStart;
                _silence = 0;
                _candidateStart = -1;
                return VoiceActivityEvent.SpeechStarted;
            }
        }
        else if (_candidateStart >= 0)
        {
            _candidateGap += length;
            if (_candidateGap > _gapTolerance)
            {
                _candidateStart = -1;
                _candidateSpeech = 0;
            }
        }

        return VoiceActivityEvent.None;
    }

    private VoiceActivityEvent Continue(bool speech, long start, long length)
    {
        if (speech)
        {
            _silence = 0;
            _lastSpeechEnd = start + length;
        }
        else
        {
            _silence += length;
        }

        if (_silence >= _hangover || _position - _utteranceStart >= _maximumUtterance)
        {
            _inUtterance = false;
            _candidateStart = -1;
            _candidateSpeech = 0;
            return VoiceActivityEvent.SpeechEnded;
        }

        return VoiceActivityEvent.None;
    }

    private void AdaptFloor(double level, bool speech, long length)
    {
        if (length == 0)
        {
            return;
        }

        TimeSpan timeConstant = level < _floor ? _options.NoiseFloorFall
            : speech || _inUtterance ? _options.NoiseFloorRiseInSpeech
            : _options.NoiseFloorRise;
        double alpha = 1 - Math.Exp(-(double)length / SampleRate / timeConstant.TotalSeconds);
        _floor = Math.Max(_options.LowestNoiseFloorDbfs, _floor + ((level - _floor) * alpha));
    }

    private long Samples(TimeSpan duration) => (long)Math.Round(duration.TotalSeconds * SampleRate);

    private TimeSpan Time(long samples) => Pcm16.Duration(samples, SampleRate);
}
