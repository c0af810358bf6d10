using EslKit.AudioStream;
using Microsoft.ML.OnnxRuntime;

namespace EslKit.Controller.Audio.Silero;

/// <summary>
/// Voice-activity detection with the Silero VAD v5 neural network (ONNX Runtime): each 32 ms window of audio gets
/// a speech probability; an utterance starts after a minimum duration of probable speech and ends after a hangover
/// of improbable speech, with the same timing rules as <see cref="EnergyVoiceActivityDetector"/>. The optional
/// detector: it tells speech from other loud sound (coughs, clicks, noise) far better, at about two hundred times
/// the CPU (docs/voice.md, "Silero VAD vs energy").
/// </summary>
/// <remarks>
/// <para>Frames (typically 20 ms) are collected into the model's windows (512 samples at 16 kHz, 256 at 8 kHz), so
/// a decision is made when a window completes: on about five frames in eight at 20 ms. Each window is run with
/// the previous window's last 64 (32) samples before it and the recurrent state the previous run returned, as the
/// model was trained.</para>
/// <para>Per-stream state: one instance per call, frames in order, one thread at a time; instances share one
/// <see cref="SileroVadModel"/> and run in parallel. <see cref="Process"/> allocates nothing: the tensors are
/// managed arrays pinned for the detector's life and bound once (<see cref="OrtIoBinding"/>), so a run writes the
/// probability and the next state straight into them. Dispose the detector to release its native resources.</para>
/// <para><see cref="VoiceActivity.NoiseFloorDbfs"/> is <see cref="double.NaN"/>: the model keeps no noise floor.
/// <see cref="VoiceActivity.LevelDbfs"/> is the frame's RMS level, as from the energy detector.</para>
/// </remarks>
public sealed class SileroVoiceActivityDetector : IVoiceActivityDetector, IDisposable
{
    private readonly SileroVadModel _model;
    private readonly SileroVoiceActivityDetectorOptions _options;
    private readonly int _windowLength;
    private readonly int _contextLength;
    private readonly long _minimumSpeech;
    private readonly long _gapTolerance;
    private readonly long _hangover;
    private readonly long _maximumUtterance;

    // Pinned for the detector's life by the OrtValues over them; the binding points the session at them.
    private readonly float[] _input;
    private readonly float[] _state = new float[SileroVadModel.StateLength];
    private readonly float[] _nextState = new float[SileroVadModel.StateLength];
    private readonly float[] _probability = new float[1];
    private readonly OrtValue[] _values;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;

    private int _pending;             // new samples in the window being filled (after the context)
    private long _position;           // samples seen
    private long _windowEnd;          // samples covered by completed windows
    private float _lastProbability;
    private bool _lastWindowSpeech;
    private bool _inUtterance;
    private long _candidateStart = -1;
    private long _candidateSpeech;
    private long _candidateGap;
    private long _utteranceStart;
    private long _lastSpeechEnd;
    private long _silence;
    private bool _disposed;

    /// <summary>Creates a detector for one stream over a shared model.</summary>
    /// <param name="model">The loaded model, shared by all streams.</param>
    /// <param name="options">Thresholds and timing (<see cref="SileroVoiceActivityDetectorOptions.ModelPath"/> is not read here).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SileroVoiceActivityDetector(SileroVadModel model, SileroVoiceActivityDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model;
        _options = options;
        SampleRate = options.SampleRate;
        _windowLength = SampleRate == 16_000 ? 512 : 256;
        _contextLength = SampleRate == 16_000 ? 64 : 32;
        _minimumSpeech = Samples(options.MinimumSpeechDuration);
        _gapTolerance = Samples(options.OnsetGapTolerance);
        _hangover = Samples(options.Hangover);
        _maximumUtterance = Samples(options.MaximumUtterance);
        _input = new float[_contextLength + _windowLength];

        var values = new List<OrtValue>(5);
        OrtIoBinding? binding = null;
        RunOptions? runOptions = null;
        try
        {
            OrtValue input = Add(values, OrtValue.CreateTensorValueFromMemory(_input, [1, _input.Length]));
            OrtValue state = Add(values, OrtValue.CreateTensorValueFromMemory(_state, [2, 1, 128]));
            OrtValue rate = Add(values, OrtValue.CreateTensorValueFromMemory(new long[] { SampleRate }, []));
            OrtValue probability = Add(values, OrtValue.CreateTensorValueFromMemory(_probability, [1, 1]));
            OrtValue nextState = Add(values, OrtValue.CreateTensorValueFromMemory(_nextState, [2, 1, 128]));
            binding = model.Session.CreateIoBinding();
            binding.BindInput(SileroVadModel.InputName, input);
            binding.BindInput(SileroVadModel.StateName, state);
            binding.BindInput(SileroVadModel.SampleRateName, rate);
            binding.BindOutput(SileroVadModel.OutputName, probability);
            binding.BindOutput(SileroVadModel.NextStateName, nextState);
            runOptions = new RunOptions();
        }
        catch
        {
            binding?.Dispose();
            runOptions?.Dispose();
            values.ForEach(value => value.Dispose());
            throw;
        }

        _values = [.. values];
        _binding = binding;
        _runOptions = runOptions;
    }

    /// <inheritdoc />
    public int SampleRate { get; }

    /// <inheritdoc />
    public bool InUtterance => _inUtterance;

    /// <summary>The speech probability of the latest complete window (0 before the first).</summary>
    public float SpeechProbability => _lastProbability;

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The detector is disposed.</exception>
    public VoiceActivity Process(ReadOnlySpan<short> frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        double level = PcmLevel.RmsDbfs(frame);
        _position += frame.Length;
        VoiceActivityEvent change = VoiceActivityEvent.None;
        while (!frame.IsEmpty)
        {
            int take = Math.Min(_windowLength - _pending, frame.Length);
            Span<float> window = _input.AsSpan(_contextLength + _pending, take);
            for (int i = 0; i < take; i++)
            {
                window[i] = frame[i] * (1f / 32_768f);
            }

            _pending += take;
            frame = frame[take..];
            if (_pending == _windowLength)
            {
                VoiceActivityEvent windowChange = Decide(Infer(), change == VoiceActivityEvent.None);
                if (windowChange != VoiceActivityEvent.None)
                {
                    change = windowChange;
                }
            }
        }

        return new VoiceActivity(
            change,
            _inUtterance,
            _lastWindowSpeech,
            Time(_position),
            Time(_inUtterance || change == VoiceActivityEvent.SpeechEnded ? _utteranceStart : Math.Max(_candidateStart, 0)),
            Time(_lastSpeechEnd),
            level,
            double.NaN);
    }

    /// <inheritdoc />
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Array.Clear(_input);
        Array.Clear(_state);
        _pending = 0;
        _position = 0;
        _windowEnd = 0;
        _lastProbability = 0;
        _lastWindowSpeech = false;
        _inUtterance = false;
        _candidateStart = -1;
        _candidateSpeech = 0;
        _candidateGap = 0;
        _utteranceStart = 0;
        _lastSpeechEnd = 0;
        _silence = 0;
    }

    /// <summary>Releases the native binding and tensors (the shared model stays loaded).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _binding.Dispose();
        _runOptions.Dispose();
        foreach (OrtValue value in _values)
        {
            value.Dispose();
        }
    }

    private static OrtValue Add(List<OrtValue> values, OrtValue value)
    {
        values.Add(value);
        return value;
    }

    /// <summary>Runs the model on the full window, carries the state and the context over, and returns the probability.</summary>
    private float Infer()
    {
        _model.Session.RunWithBinding(_runOptions, _binding);
        _nextState.AsSpan().CopyTo(_state);
        // The next window is preceded by this one's last samples.
        _input.AsSpan(_windowLength, _contextLength).CopyTo(_input);
        _pending = 0;
        _lastProbability = _probability[0];
        return _lastProbability;
    }

    /// <summary>The utterance rules of the energy detector, one window at a time; at most one change per frame.</summary>
    private VoiceActivityEvent Decide(float probability, bool mayChange)
    {
        long start = _windowEnd;
        long length = _windowLength;
        _windowEnd += length;
        bool speech = probability >= (_inUtterance ? _options.ContinuationThreshold : _options.OnsetThreshold);
        _lastWindowSpeech = speech;
        return _inUtterance ? Continue(speech, start, length, mayChange) : Onset(speech, start, length, mayChange);
    }

    private VoiceActivityEvent Onset(bool speech, long start, long length, bool mayChange)
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
            if (_candidateSpeech >= _minimumSpeech && mayChange)
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

    private VoiceActivityEvent Continue(bool speech, long start, long length, bool mayChange)
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

        if (mayChange && (_silence >= _hangover || _windowEnd - _utteranceStart >= _maximumUtterance))
        {
            _inUtterance = false;
            _candidateStart = -1;
            _candidateSpeech = 0;
            return VoiceActivityEvent.SpeechEnded;
        }

        return VoiceActivityEvent.None;
    }

    private long Samples(TimeSpan duration) => (long)Math.Round(duration.TotalSeconds * SampleRate);

    private TimeSpan Time(long samples) => Pcm16.Duration(samples, SampleRate);
}
