using EslKit.Controller.Speech.Cloud;
using EslKit.Controller.Speech.Cloud.Azure;
using EslKit.Controller.Speech.Cloud.ElevenLabs;
using EslKit.Controller.Speech.Cloud.OpenRouter;
using EslKit.Controller.Speech.ESpeak;
using EslKit.Controller.Speech.PocketSphinx;
using EslKit.Controller.Speech.Scripted;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Speech;

/// <summary>
/// Registers the speech providers chosen in configuration (<see cref="SpeechOptions"/>) as <see cref="ISpeechToText"/>,
/// <see cref="IConversationAgentFactory"/> and <see cref="ITextToSpeech"/> singletons. Only the chosen providers are
/// registered; a cloud provider's settings are validated at start (a key, an endpoint), so a missing key fails the
/// start, not the first call.
/// </summary>
public static class SpeechServiceCollectionExtensions
{
    /// <summary>Adds the configured speech-to-text engine, conversation agent and text-to-speech engine.</summary>
    /// <exception cref="InvalidOperationException">The <c>Speech</c> section names a provider that does not exist.</exception>
    public static IServiceCollection AddEslKitSpeech(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        SpeechOptions choice = configuration.GetSection(SpeechOptions.Section).Get<SpeechOptions>() ?? new SpeechOptions();
        services.AddOptions<SpeechOptions>().Bind(configuration.GetSection(SpeechOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        switch (choice.SpeechToText)
        {
            case SpeechToTextProvider.Azure:
                AddAzure(services, configuration);
                services.AddHttpClient(AzureSpeechToText.HttpClientName).AddCloudResilience<AzureSpeechOptions>("azure-stt", boundEachAttempt: false);
                services.AddSingleton<AzureSpeechToText>();
                services.AddSingleton<ISpeechToText>(sp => sp.GetRequiredService<AzureSpeechToText>());
                break;
            default:
                services.AddOptions<PocketSphinxOptions>().Bind(configuration.GetSection("Speech:PocketSphinx"));
                services.AddSingleton(sp => new PocketSphinxSpeechToText(sp.GetRequiredService<IOptions<PocketSphinxOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
                services.AddSingleton<ISpeechToText>(sp => sp.GetRequiredService<PocketSphinxSpeechToText>());
                break;
        }

        switch (choice.Agent)
        {
            case AgentProvider.OpenRouter:
                services.AddOptions<OpenRouterOptions>().Bind(configuration.GetSection(OpenRouterOptions.Section))
                    .Validate(o => o.HasUsableKey(), "Speech:OpenRouter:ApiKey must be set (printable ASCII, no spaces).")
                    .Validate(o => o.HasValidTiming(), "Speech:OpenRouter: timeouts, retries and delays must be within their documented bounds.")
                    .Validate(o => o.Endpoint.IsAbsoluteUri && o.Endpoint.AbsolutePath.EndsWith('/'), "Speech:OpenRouter:Endpoint must be an absolute address ending in '/'.")
                    .Validate(o => !string.IsNullOrWhiteSpace(o.Model), "Speech:OpenRouter:Model must be set.")
                    .Validate(o => o.MaxTokens is >= 1 and <= 4096 && o.Temperature is >= 0 and <= 2 && o.MaxHistoryMessages is >= 2 and <= 1000,
                        "Speech:OpenRouter: MaxTokens must be 1-4096, Temperature 0-2, MaxHistoryMessages 2-1000.")
                    .ValidateOnStart();
                services.AddHttpClient(OpenRouterAgent.HttpClientName).AddCloudResilience<OpenRouterOptions>("openrouter");
                services.AddSingleton<OpenRouterAgentFactory>();
                services.AddSingleton<IConversationAgentFactory>(sp => sp.GetRequiredService<OpenRouterAgentFactory>());
                break;
            default:
                IConfigurationSection script = configuration.GetSection("Speech:ScriptedAgent");
                services.AddSingleton(_ => new ScriptedAgentFactory(script.Exists() ? script.Get<ScriptedAgentOptions>()! : ScriptedAgentOptions.AppointmentDesk()));
                services.AddSingleton<IConversationAgentFactory>(sp => sp.GetRequiredService<ScriptedAgentFactory>());
                break;
        }

        switch (choice.TextToSpeech)
        {
            case TextToSpeechProvider.Azure:
                AddAzure(services, configuration);
                services.AddHttpClient(AzureTextToSpeech.HttpClientName).AddCloudResilience<AzureSpeechOptions>("azure-tts");
                services.AddSingleton<AzureTextToSpeech>();
                services.AddSingleton<ITextToSpeech>(sp => sp.GetRequiredService<AzureTextToSpeech>());
                break;
            case TextToSpeechProvider.ElevenLabs:
                services.AddOptions<ElevenLabsOptions>().Bind(configuration.GetSection(ElevenLabsOptions.Section))
                    .Validate(o => o.HasUsableKey(), "Speech:ElevenLabs:ApiKey must be set (printable ASCII, no spaces).")
                    .Validate(o => o.HasValidTiming(), "Speech:ElevenLabs: timeouts, retries and delays must be within their documented bounds.")
                    .Validate(o => o.HasUsableVoice(), "Speech:ElevenLabs:VoiceId must be set (letters, digits, '_', '-').")
                    .Validate(o => o.Endpoint.IsAbsoluteUri && !string.IsNullOrWhiteSpace(o.ModelId) && o.MaxTextLength is >= 1 and <= 40_000,
                        "Speech:ElevenLabs: Endpoint must be absolute, ModelId set, MaxTextLength 1-40000.")
                    .ValidateOnStart();
                services.AddHttpClient(ElevenLabsTextToSpeech.HttpClientName).AddCloudResilience<ElevenLabsOptions>("elevenlabs");
                services.AddSingleton<ElevenLabsTextToSpeech>();
                services.AddSingleton<ITextToSpeech>(sp => sp.GetRequiredService<ElevenLabsTextToSpeech>());
                break;
            default:
                services.AddOptions<ESpeakOptions>().Bind(configuration.GetSection("Speech:ESpeak"));
                services.AddSingleton(sp => new ESpeakTextToSpeech(sp.GetRequiredService<IOptions<ESpeakOptions>>().Value));
                services.AddSingleton<ITextToSpeech>(sp => sp.GetRequiredService<ESpeakTextToSpeech>());
                break;
        }

        return services;
    }

    private static void AddAzure(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IConfigureOptions<AzureSpeechOptions>)))
        {
            return; // speech-to-text and text-to-speech share the resource's settings
        }

        services.AddOptions<AzureSpeechOptions>().Bind(configuration.GetSection(AzureSpeechOptions.Section))
            .Validate(o => o.HasUsableKey(), "Speech:Azure:ApiKey must be set (printable ASCII, no spaces).")
            .Validate(o => o.HasValidTiming(), "Speech:Azure: timeouts, retries and delays must be within their documented bounds.")
            .Validate(o => o.HasEndpoints(), "Speech:Azure: Region must be set (letters and digits), or both SpeechToTextEndpoint and TextToSpeechEndpoint.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Language) && !string.IsNullOrWhiteSpace(o.Voice) && o.MaxTextLength is >= 1 and <= 10_000,
                "Speech:Azure: Language and Voice must be set, MaxTextLength 1-10000.")
            .ValidateOnStart();
    }
}
