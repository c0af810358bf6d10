using EslKit.Controller.Audio;
using EslKit.Controller.Speech;
using EslKit.Controller.Speech.ESpeak;
using EslKit.Controller.Speech.PocketSphinx;
using EslKit.Controller.Speech.Scripted;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Calls.Voice;

/// <summary>Registers the voice pipeline: the audio stream endpoint's handler, the providers, and <see cref="VoiceConversation"/> as the calls' conversation.</summary>
internal static class VoiceServiceCollectionExtensions
{
    /// <summary>The key of the offline text-to-speech (espeak-ng), which speaks the apology when a provider fails.</summary>
    public const string OfflineVoice = "offline";

    /// <summary>
    /// Adds the voice pipeline (section <c>Voice</c>) with the offline providers unless others are registered first:
    /// pocketsphinx (<c>Speech:PocketSphinx</c>), espeak-ng (<c>Speech:ESpeak</c>), the scripted agent
    /// (<c>Speech:ScriptedAgent</c>, the appointment desk when not configured), the detector of <c>Speech:Vad</c>. Call after
    /// <c>AddEslKitSpeech</c> (whose providers it then keeps) and before
    /// <c>AddControllerCalls</c>; map the endpoint with <see cref="MapControllerVoice"/>.
    /// </summary>
    public static IServiceCollection AddControllerVoice(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<VoiceOptions>().Bind(configuration.GetSection(VoiceOptions.Section))
            .Validate(o => o.BargeInMinimumMilliseconds is >= 100 and <= 5000, "Voice:BargeInMinimumMilliseconds must be 100-5000.")
            .Validate(o => o.GreetingDeadlineMilliseconds is >= 0 and <= 10_000, "Voice:GreetingDeadlineMilliseconds must be 0-10000.")
            .Validate(o => o.AudioConnectTimeoutSeconds is >= 1 and <= 120, "Voice:AudioConnectTimeoutSeconds must be 1-120.")
            .Validate(o => o.ProviderTimeoutSeconds is >= 1 and <= 300, "Voice:ProviderTimeoutSeconds must be 1-300.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Apology) && o.Apology.Length <= 500, "Voice:Apology must be 1-500 characters.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.MachineMessage) && o.MachineMessage.Length <= 2000, "Voice:MachineMessage must be 1-2000 characters.")
            .Validate(o => OptionsCheck.Passes(o.AnsweringMachine.Validate), "Voice:AnsweringMachine: HumanMaxSpeech ≥ 200 ms, MachineMinSpeech ≥ HumanMaxSpeech, InitialSilence ≥ 200 ms, DecisionWindow between MachineMinSpeech and 30 s.")
            .ValidateOnStart();

        services.TryAddSingleton(_ => new PocketSphinxSpeechToText(configuration.GetSection("Speech:PocketSphinx").Get<PocketSphinxOptions>() ?? new PocketSphinxOptions()));
        services.TryAddSingleton<ISpeechToText>(provider => provider.GetRequiredService<PocketSphinxSpeechToText>());
        services.TryAddSingleton(_ => new ESpeakTextToSpeech(configuration.GetSection("Speech:ESpeak").Get<ESpeakOptions>() ?? new ESpeakOptions()));
        services.TryAddSingleton<ITextToSpeech>(provider => provider.GetRequiredService<ESpeakTextToSpeech>());
        services.TryAddKeyedSingleton<ITextToSpeech>(OfflineVoice, (provider, _) => provider.GetRequiredService<ESpeakTextToSpeech>());
        services.TryAddSingleton<IConversationAgentFactory>(_ =>
        {
            var section = configuration.GetSection("Speech:ScriptedAgent");
            return new ScriptedAgentFactory(section.Exists() ? section.Get<ScriptedAgentOptions>()! : ScriptedAgentOptions.AppointmentDesk());
        });
        if (!services.Any(d => d.ServiceType == typeof(VoiceActivityDetectorFactory)))
        {
            services.AddVoiceActivityDetection(configuration); // Speech:Vad (energy by default, or Silero)
        }

        services.TryAddSingleton<Calls.KeepAliveConversation>();
        services.TryAddSingleton<CallAudioStreams>();
        services.TryAddSingleton<CallAudioStreamHandler>();
        services.TryAddSingleton<CallTranscriptStore>();
        services.Replace(ServiceDescriptor.Singleton<ICallConversation, VoiceConversation>());
        services.AddHostedService<SpeechWarmUp>();
        return services;
    }

    /// <summary>Maps mod_audio_stream's WebSocket (<c>/audio/{callId}</c>) to the calls' conversations.</summary>
    public static IEndpointConventionBuilder MapControllerVoice(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapAudioStream(CallAudioStreamHandler.Pattern, endpoints.ServiceProvider.GetRequiredService<CallAudioStreamHandler>());
    }
}
