using EslKit.Controller.Audio;

namespace EslKit.Controller.Tests.Audio;

/// <summary>Narrowband or wideband, from the audio.</summary>
public sealed class AudioBandwidthDetectorTests
{
    private static AudioBandwidthDetector Run(short[] audio)
    {
        var detector = new AudioBandwidthDetector();
        foreach (ReadOnlyMemory<short> frame in CallAudio.Frames(audio))
        {
            detector.Process(frame.Span);
        }

        return detector;
    }

    [Fact]
    public void The_real_call_is_narrowband()
    {
        AudioBandwidthDetector detector = Run(CallAudio.Capture);
        Assert.True(detector.Bandwidth == AudioBandwidth.Narrowband && detector.HighBandShareDb < -60, $"{detector.HighBandShareDb:F1} dB above 6 kHz");
    }

    [Fact]
    public void Full_band_noise_is_wideband_and_the_same_noise_through_a_telephone_is_narrowband()
    {
        short[] noise = CallAudio.Noise(TimeSpan.FromSeconds(2), -25, seed: 7);
        AudioBandwidthDetector wide = Run(noise);
        AudioBandwidthDetector narrow = Run(CallAudio.ThroughTelephone(noise));
        Assert.True(wide.Bandwidth == AudioBandwidth.Wideband, $"{wide.HighBandShareDb:F1} dB above 6 kHz");
        Assert.True(narrow.Bandwidth == AudioBandwidth.Narrowband, $"{narrow.HighBandShareDb:F1} dB above 6 kHz");
    }

    [Fact]
    public void Silence_decides_nothing()
    {
        AudioBandwidthDetector detector = Run(CallAudio.Silence(TimeSpan.FromSeconds(3)));
        Assert.Equal(AudioBandwidth.Unknown, detector.Bandwidth);
        detector.Reset();
        Assert.Equal(AudioBandwidth.Unknown, detector.Bandwidth);
    }
}
