using EslKit.Controller.Audio;
using EslKit.Controller.Audio.Silero;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Tests.Audio.Silero;

/// <summary>Configuration (<c>Speech:Vad</c>) chooses the detector each call gets.</summary>
public sealed class VoiceActivityDetectionConfigurationTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddVoiceActivityDetection(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Without_configuration_every_call_gets_the_energy_detector()
    {
        using ServiceProvider services = Services([]);
        var factory = services.GetRequiredService<VoiceActivityDetectorFactory>();

        Assert.Equal(VoiceActivityDetectorKind.Energy, factory.Detector);
        Assert.IsType<EnergyVoiceActivityDetector>(factory.Create());
        Assert.NotSame(factory.Create(), factory.Create());
    }

    [Fact]
    public void Energy_settings_are_bound()
    {
        using ServiceProvider services = Services(new()
        {
            ["Speech:Vad:Detector"] = "Energy",
            ["Speech:Vad:Energy:SampleRate"] = "8000",
            ["Speech:Vad:Energy:MinimumSpeechDuration"] = "00:00:00.300",
        });
        var factory = services.GetRequiredService<VoiceActivityDetectorFactory>();

        Assert.Equal(8_000, factory.Create().SampleRate);
        Assert.Equal(TimeSpan.FromMilliseconds(300), services.GetRequiredService<IOptions<VoiceActivityDetectionOptions>>().Value.Energy.MinimumSpeechDuration);
    }

    [Fact]
    public void Silero_is_chosen_by_configuration_and_its_detectors_find_speech()
    {
        using ServiceProvider services = Services(new()
        {
            ["Speech:Vad:Detector"] = "Silero",
            ["Speech:Vad:Silero:ModelPath"] = SileroModelFile.Path,
            ["Speech:Vad:Silero:OnsetThreshold"] = "0.6",
        });
        var factory = services.GetRequiredService<VoiceActivityDetectorFactory>();

        Assert.Equal(VoiceActivityDetectorKind.Silero, factory.Detector);
        using var detector = Assert.IsType<SileroVoiceActivityDetector>(factory.Create());
        bool started = false;
        foreach (ReadOnlyMemory<short> frame in CallAudio.Frames(CallAudio.Capture[..(4 * CallAudio.SampleRate)]))
        {
            started |= detector.Process(frame.Span).Event == VoiceActivityEvent.SpeechStarted;
        }

        Assert.True(started);
    }

    [Fact]
    public void Silero_without_its_model_file_stops_the_start_with_the_command_to_run()
    {
        using ServiceProvider services = Services(new()
        {
            ["Speech:Vad:Detector"] = "Silero",
            ["Speech:Vad:Silero:ModelPath"] = Path.Combine(Path.GetTempPath(), "no-such-folder-eslkit", SileroVadModel.FileName),
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<VoiceActivityDetectorFactory>());
        Assert.Contains("scripts/fetch-models.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_detector_and_bad_energy_settings_are_refused()
    {
        using ServiceProvider unknown = Services(new() { ["Speech:Vad:Detector"] = "Neural" });
        var binding = Assert.Throws<InvalidOperationException>(() => unknown.GetRequiredService<VoiceActivityDetectorFactory>());
        Assert.Contains("Detector", binding.Message, StringComparison.Ordinal);

        using ServiceProvider energy = Services(new() { ["Speech:Vad:Energy:ContinuationThresholdDb"] = "30" });
        var error = Assert.Throws<OptionsValidationException>(() => energy.GetRequiredService<VoiceActivityDetectorFactory>());
        Assert.Contains("Speech:Vad:Energy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_Silero_settings_are_refused_by_name()
    {
        using ServiceProvider services = Services(new()
        {
            ["Speech:Vad:Detector"] = "Silero",
            ["Speech:Vad:Silero:ModelPath"] = SileroModelFile.Path,
            ["Speech:Vad:Silero:SampleRate"] = "44100",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<VoiceActivityDetectorFactory>());
        Assert.Contains("Speech:Vad:Silero", error.Message, StringComparison.Ordinal);
    }
}
