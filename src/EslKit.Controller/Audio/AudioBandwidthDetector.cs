using EslKit.AudioStream;

namespace EslKit.Controller.Audio;

/// <summary>
/// Tells narrowband from wideband 16 kHz audio by the share of its energy above 6 kHz in frames loud enough
/// to be speech: telephone-band audio resampled to 16 kHz has almost none there (below −70 dB on the real capture),
/// wideband speech has fricatives and breath there (tens of dB more). Decides once, after
/// <see cref="MinimumActiveAudio"/> of active audio; allocation-free per frame; one instance per stream.
/// </summary>
public sealed class AudioBandwidthDetector
{
    /// <summary>Active audio needed before deciding.</summary>
    public static readonly TimeSpan MinimumActiveAudio = TimeSpan.FromMilliseconds(400);

    /// <summary>Energy above 6 kHz, relative to the whole band, below which audio is narrowband (dB).</summary>
    public const double NarrowbandThresholdDb = -50;

    /// <summary>Frames quieter than this (RMS) do not count: silence and hiss say nothing about the band.</summary>
    public const double ActiveLevelDbfs = -45;

    private const int SampleRate = 16_000;
    private readonly BiquadFilter[] _highPass = BiquadFilter.ButterworthHighPass(8, 6_000, SampleRate);
    private readonly long _needed = (long)(MinimumActiveAudio.TotalSeconds * SampleRate);
    private double _total;
    private double _high;
    private long _active;

    /// <summary>The decision so far (<see cref="AudioBandwidth.Unknown"/> until enough active audio was heard).</summary>
    public AudioBandwidth Bandwidth { get; private set; }

    /// <summary>The energy above 6 kHz relative to the whole band over the active frames so far, in dB.</summary>
    public double HighBandShareDb => _total > 0 ? 10 * Math.Log10(Math.Max(_high, 1e-12) / _total) : 0;

    /// <summary>Looks at the next 16 kHz frame (the high-pass runs over every frame, so its state stays continuous).</summary>
    public AudioBandwidth Process(ReadOnlySpan<short> frame)
    {
        double high = 0;
        for (int i = 0; i < frame.Length; i++)
        {
            double y = frame[i];
            for (int s = 0; s < _highPass.Length; s++)
            {
                y = _highPass[s].Process(y);
            }

            high += y * y;
        }

        if (Bandwidth == AudioBandwidth.Unknown && !frame.IsEmpty && PcmLevel.RmsDbfs(frame) >= ActiveLevelDbfs)
        {
            _total += PcmLevel.SumOfSquares(frame);
            _high += high;
            _active += frame.Length;
            if (_active >= _needed)
            {
                Bandwidth = HighBandShareDb < NarrowbandThresholdDb ? AudioBandwidth.Narrowband : AudioBandwidth.Wideband;
            }
        }

        return Bandwidth;
    }

    /// <summary>Forgets everything heard.</summary>
    public void Reset()
    {
        for (int s = 0; s < _highPass.Length; s++)
        {
            _highPass[s].Reset();
        }

        _total = 0;
        _high = 0;
        _active = 0;
        Bandwidth = AudioBandwidth.Unknown;
    }
}
