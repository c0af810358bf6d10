namespace EslKit.Controller.Audio;

/// <summary>
/// Settings of <see cref="NarrowbandConditioner"/> (configuration section <c>Speech:Conditioning</c>). The defaults
/// are the values measured best with pocketsphinx's en-us model (docs/voice.md).
/// </summary>
public sealed class NarrowbandConditionerOptions
{
    /// <summary>The input's sample rate: 8,000 (upsampled to 16 kHz first) or 16,000.</summary>
    public int InputSampleRate { get; set; } = 16_000;

    /// <summary>The peak level speech is brought to, in dBFS (default −3).</summary>
    public double TargetPeakDbfs { get; set; } = -3;

    /// <summary>The most the level control amplifies, in dB (default 24): quiet line noise is not blown up to speech level.</summary>
    public double MaxGainDb { get; set; } = 24;

    /// <summary>The RMS level of the noise added above <see cref="NoiseCornerHz"/>, in dBFS (default −40).</summary>
    public double NoiseLevelDbfs { get; set; } = -40;

    /// <summary>The corner of the noise's high-pass (4th-order Butterworth), in Hz (default 4,100: just above the telephone band).</summary>
    public double NoiseCornerHz { get; set; } = 4_100;

    /// <summary>Seed of the noise sequence (runs are reproducible).</summary>
    public uint NoiseSeed { get; set; } = 0x5EED;

    /// <summary>Throws when a value is out of its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (InputSampleRate is not (8_000 or 16_000))
        {
            throw new ArgumentOutOfRangeException(nameof(InputSampleRate), InputSampleRate, "The input must be 8,000 or 16,000 Hz.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(TargetPeakDbfs, 0, nameof(TargetPeakDbfs));
        ArgumentOutOfRangeException.ThrowIfLessThan(TargetPeakDbfs, -40, nameof(TargetPeakDbfs));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxGainDb, nameof(MaxGainDb));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxGainDb, 60, nameof(MaxGainDb));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NoiseLevelDbfs, -10, nameof(NoiseLevelDbfs));
        ArgumentOutOfRangeException.ThrowIfLessThan(NoiseLevelDbfs, -120, nameof(NoiseLevelDbfs));
        ArgumentOutOfRangeException.ThrowIfLessThan(NoiseCornerHz, 3_000, nameof(NoiseCornerHz));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NoiseCornerHz, 7_000, nameof(NoiseCornerHz));
    }
}
