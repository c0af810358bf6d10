namespace EslKit.Controller.Audio;

/// <summary>Settings of <see cref="EnergyVoiceActivityDetector"/> (configuration section <c>Speech:Vad:Energy</c>).</summary>
public sealed class EnergyVoiceActivityDetectorOptions
{
    /// <summary>The frames' sample rate (default 16,000).</summary>
    public int SampleRate { get; set; } = 16_000;

    /// <summary>How far above the noise floor a frame must be to start speech, in dB (default 10).</summary>
    public double OnsetThresholdDb { get; set; } = 10;

    /// <summary>How far above the noise floor a frame must be to continue an utterance, in dB (default 6: hysteresis keeps soft word endings in).</summary>
    public double ContinuationThresholdDb { get; set; } = 6;

    /// <summary>Frames quieter than this are never speech, whatever the floor (default −60 dBFS: line hiss after a silent start).</summary>
    public double MinimumSpeechLevelDbfs { get; set; } = -60;

    /// <summary>Speech needed before an utterance starts (default 200 ms): a click, a cough or a short burst of noise starts nothing.</summary>
    public TimeSpan MinimumSpeechDuration { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Non-speech tolerated inside the onset before it is abandoned (default 40 ms, two frames).</summary>
    public TimeSpan OnsetGapTolerance { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Silence after speech before the utterance ends (default 500 ms): longer than the pauses between words,
    /// short enough that the reply is not kept waiting. Every millisecond here adds to the response latency.</summary>
    public TimeSpan Hangover { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest utterance (default 20 s); a longer one is ended there (a continuous tone or noise cannot hold a recognition open).</summary>
    public TimeSpan MaximumUtterance { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How fast the noise floor rises towards louder non-speech, as a time constant (default 2 s).</summary>
    public TimeSpan NoiseFloorRise { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How fast the noise floor rises during speech (default 20 s): a lasting change of background still gets learned.</summary>
    public TimeSpan NoiseFloorRiseInSpeech { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How fast the noise floor falls towards quieter frames, as a time constant (default 60 ms).</summary>
    public TimeSpan NoiseFloorFall { get; set; } = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// The floor assumed before anything is heard (default −60 dBFS); replaced by the level learned over
    /// <see cref="NoiseFloorLearning"/> once that has passed.
    /// </summary>
    public double InitialNoiseFloorDbfs { get; set; } = -60;

    /// <summary>
    /// The start of the stream the floor is learned from (default 160 ms): nothing in it is speech, and the floor becomes
    /// its quietest frame's level. A line with a steady −40 dBFS noise then starts at −40 dBFS, not at
    /// <see cref="InitialNoiseFloorDbfs"/>, where its noise would open an utterance at once. Zero turns learning off.
    /// </summary>
    public TimeSpan NoiseFloorLearning { get; set; } = TimeSpan.FromMilliseconds(160);

    /// <summary>The floor never goes below this (default −90 dBFS, about one sample unit): digital silence does not make every sound "speech".</summary>
    public double LowestNoiseFloorDbfs { get; set; } = -90;

    /// <summary>Throws when a value is out of its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleRate, 8_000, nameof(SampleRate));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SampleRate, 48_000, nameof(SampleRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(OnsetThresholdDb, nameof(OnsetThresholdDb));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ContinuationThresholdDb, nameof(ContinuationThresholdDb));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ContinuationThresholdDb, OnsetThresholdDb, nameof(ContinuationThresholdDb));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinimumSpeechLevelDbfs, 0, nameof(MinimumSpeechLevelDbfs));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumSpeechDuration, TimeSpan.Zero, nameof(MinimumSpeechDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(OnsetGapTolerance, TimeSpan.Zero, nameof(OnsetGapTolerance));
        ArgumentOutOfRangeException.ThrowIfLessThan(Hangover, TimeSpan.FromMilliseconds(20), nameof(Hangover));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumUtterance, TimeSpan.FromSeconds(1), nameof(MaximumUtterance));
        ArgumentOutOfRangeException.ThrowIfLessThan(NoiseFloorRise, TimeSpan.FromMilliseconds(20), nameof(NoiseFloorRise));
        ArgumentOutOfRangeException.ThrowIfLessThan(NoiseFloorRiseInSpeech, TimeSpan.FromMilliseconds(20), nameof(NoiseFloorRiseInSpeech));
        ArgumentOutOfRangeException.ThrowIfLessThan(NoiseFloorFall, TimeSpan.FromMilliseconds(1), nameof(NoiseFloorFall));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InitialNoiseFloorDbfs, 0, nameof(InitialNoiseFloorDbfs));
        ArgumentOutOfRangeException.ThrowIfLessThan(NoiseFloorLearning, TimeSpan.Zero, nameof(NoiseFloorLearning));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NoiseFloorLearning, TimeSpan.FromSeconds(2), nameof(NoiseFloorLearning));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LowestNoiseFloorDbfs, InitialNoiseFloorDbfs, nameof(LowestNoiseFloorDbfs));
    }
}
