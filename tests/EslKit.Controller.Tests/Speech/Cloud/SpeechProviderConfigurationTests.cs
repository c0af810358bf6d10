using EslKit.Controller.Speech;
using EslKit.Controller.Speech.Cloud.Azure;
using EslKit.Controller.Speech.Cloud.ElevenLabs;
using EslKit.Controller.Speech.Cloud.OpenRouter;
using EslKit.Controller.Speech.ESpeak;
using EslKit.Controller.Speech.PocketSphinx;
using EslKit.Controller.Speech.Scripted;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Tests.Speech.Cloud;

/// <summary>Choosing providers from configuration, validating their settings, and keeping keys out of ToString.</summary>
public sealed class SpeechProviderConfigurationTests
{
    [Fact]
    public void Without_configuration_the_offline_providers_are_registered_and_no_cloud_one()
    {
        var services = new ServiceCollection();
        services.AddEslKitSpeech(new ConfigurationBuilder().Build());

        Assert.Contains(services, d => d.ServiceType == typeof(PocketSphinxSpeechToText));
        Assert.Contains(services, d => d.ServiceType == typeof(ScriptedAgentFactory));
        Assert.Contains(services, d => d.ServiceType == typeof(ESpeakTextToSpeech));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(AzureSpeechToText) || d.ServiceType == typeof(AzureTextToSpeech)
            || d.ServiceType == typeof(ElevenLabsTextToSpeech) || d.ServiceType == typeof(OpenRouterAgentFactory));
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.IsType<ScriptedAgentFactory>(provider.GetRequiredService<IConversationAgentFactory>());
    }

    [Fact]
    public async Task The_cloud_providers_are_chosen_by_name()
    {
        await using var host = new CloudSpeechHost(new Dictionary<string, string?>
        {
            ["Speech:SpeechToText"] = "Azure",
            ["Speech:Agent"] = "OpenRouter",
            ["Speech:TextToSpeech"] = "ElevenLabs",
            ["Speech:Azure:ApiKey"] = "k1",
            ["Speech:Azure:Region"] = "westeurope",
            ["Speech:OpenRouter:ApiKey"] = "k2",
            ["Speech:ElevenLabs:ApiKey"] = "k3",
            ["Speech:ElevenLabs:VoiceId"] = "v1",
        });

        Assert.IsType<AzureSpeechToText>(host.Get<ISpeechToText>());
        Assert.IsType<OpenRouterAgentFactory>(host.Get<IConversationAgentFactory>());
        Assert.IsType<ElevenLabsTextToSpeech>(host.Get<ITextToSpeech>());
        Assert.Equal(new Uri("https://westeurope.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1"),
            host.Get<IOptions<AzureSpeechOptions>>().Value.ResolvedSpeechToTextEndpoint);
    }

    [Theory]
    [InlineData("Speech:SpeechToText", "Azure", "Speech:Azure:ApiKey")]
    [InlineData("Speech:Agent", "OpenRouter", "Speech:OpenRouter:ApiKey")]
    [InlineData("Speech:TextToSpeech", "ElevenLabs", "Speech:ElevenLabs:ApiKey")]
    public async Task A_chosen_cloud_provider_without_a_key_is_refused(string choice, string provider, string keySetting)
    {
        await using var host = new CloudSpeechHost(new Dictionary<string, string?>
        {
            [choice] = provider,
            ["Speech:Azure:Region"] = "westeurope",
            ["Speech:ElevenLabs:VoiceId"] = "v1",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => provider switch
        {
            "Azure" => (object)host.Get<IOptions<AzureSpeechOptions>>().Value,
            "OpenRouter" => host.Get<IOptions<OpenRouterOptions>>().Value,
            _ => host.Get<IOptions<ElevenLabsOptions>>().Value,
        });
        Assert.Contains(keySetting, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_never_print_their_key()
    {
        const string key = "sk-or-v1-THE-SECRET";
        object[] options =
        [
            new AzureSpeechOptions { ApiKey = key, Region = "westeurope" },
            new OpenRouterOptions { ApiKey = key },
            new ElevenLabsOptions { ApiKey = key, VoiceId = "v1" },
        ];

        foreach (object option in options)
        {
            string text = option.ToString()!;
            Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
            Assert.Contains("ApiKey = (set, redacted)", text, StringComparison.Ordinal);
        }

        Assert.Contains("ApiKey = (not set)", new OpenRouterOptions().ToString(), StringComparison.Ordinal);
    }
}
