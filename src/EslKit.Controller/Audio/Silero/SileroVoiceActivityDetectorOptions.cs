namespace EslKit.Controller.Audio.Silero;

/// <summary>
/// Settings of <see cref="SileroVoiceActivityDetector"/> (configuration section <c>Speech:Vad:Silero</c>). The
/// timing settings mean what they mean for <see cref="EnergyVoiceActivityDetectorOptions"/>; they are counted in
/// the model's windows (32 ms at both rates), so they take effect rounded up to a whole window.
/// </summary>
public sealed class SileroVoiceActivityDetectorOptions
{
    /// <summary>The model file (default <see cref="SileroVadModel.DefaultPath"/>, where <c>scripts/fetch-models.sh</c> puts it); a relative path is taken from the current directory.</summary>
    public string ModelPath { get; set; } = SileroVadModel.DefaultPath;

    /// <summary>The frames' sample rate: 16,000 (default; 512-sample windows) or 8,000 (256-sample windows).</summary>
    public int SampleRate { get; set; } = 16_000;

    /// <summary>The speech probability a window needs to start speech (default 0.5, Silero's own default).</summary>
    public float OnsetThreshold { get; set; } = 0.5f;

    /// <summary>The probability a window needs to continue an utterance (default 0.35: Silero's own hysteresis, 0.15 below the onset).</summary>
    public float ContinuationThreshold { get; set; } = 0.35f;

    /// <summary>Speech needed before an utterance starts (default 200 ms, as the energy detector).</summary>
    public TimeSpan MinimumSpeechDuration { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Non-speech tolerated inside the onset before it is abandoned (default 40 ms: one window).</summary>
    public TimeSpan OnsetGapTolerance { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Silence after speech before the utterance ends (default 500 ms, as the energy detector).</summary>
    public TimeSpan Hangover { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest utterance (default 20 s).</summary>
    public TimeSpan MaximumUtterance { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Throws when a value is out of its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">The model path is empty.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelPath, nameof(ModelPath));
        if (SampleRate is not (8_000 or 16_000))
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "Silero VAD takes 8,000 or 16,000 Hz.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(OnsetThreshold, nameof(OnsetThreshold));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(OnsetThreshold, 1f, nameof(OnsetThreshold));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ContinuationThreshold, nameof(ContinuationThreshold));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ContinuationThreshold, OnsetThreshold, nameof(ContinuationThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumSpeechDuration, TimeSpan.Zero, nameof(MinimumSpeechDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(OnsetGapTolerance, TimeSpan.Zero, nameof(OnsetGapTolerance));
        ArgumentOutOfRangeException.ThrowIfLessThan(Hangover, TimeSpan.FromMilliseconds(20), nameof(Hangover));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumUtterance, TimeSpan.FromSeconds(1), nameof(MaximumUtterance));
    }
}
