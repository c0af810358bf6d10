using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EslKit.Controller.Audio;

/// <summary>Registers voice-activity detection: <see cref="VoiceActivityDetectionOptions"/> from <c>Speech:Vad</c> and the <see cref="VoiceActivityDetectorFactory"/>.</summary>
public static class VoiceActivityServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="VoiceActivityDetectionOptions"/> (validated at start: a Silero detector whose model file is
    /// missing stops the start with the command that fetches it) and adds the factory as a singleton.
    /// </summary>
    public static IServiceCollection AddVoiceActivityDetection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<VoiceActivityDetectionOptions>().Bind(configuration.GetSection(VoiceActivityDetectionOptions.Section))
            .Validate(o => Enum.IsDefined(o.Detector), "Speech:Vad:Detector must be Energy or Silero.")
            .Validate(o => OptionsCheck.Passes(o.Energy.Validate), "Speech:Vad:Energy has a value out of range (see EnergyVoiceActivityDetectorOptions).")
            .Validate(
                o => o.Detector != VoiceActivityDetectorKind.Silero || OptionsCheck.Passes(o.Silero.Validate),
                "Speech:Vad:Silero has a value out of range (SampleRate 8000 or 16000, 0 < ContinuationThreshold <= OnsetThreshold < 1).")
            .Validate(
                o => o.Detector != VoiceActivityDetectorKind.Silero || File.Exists(o.Silero.ModelPath),
                "Speech:Vad:Detector is Silero but Speech:Vad:Silero:ModelPath names no file: run scripts/fetch-models.sh (set-up only; nothing is downloaded at run time).")
            .ValidateOnStart();
        services.AddSingleton<VoiceActivityDetectorFactory>();
        return services;
    }
}
