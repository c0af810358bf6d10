using EslKit.Controller.Calls.Voice;
using EslKit.Controller.Speech;
using EslKit.Controller.Speech.ESpeak;
using EslKit.Controller.Speech.PocketSphinx;
using EslKit.Controller.Speech.Scripted;
using EslKit.Controller.Tests.Speech;
using Microsoft.Extensions.DependencyInjection;

namespace EslKit.Controller.Tests.Integration;

/// <summary>The real offline engines a voice harness uses (the process's shared ones), and the agent's script.</summary>
internal sealed class VoiceEngines(SpeechEngines engines, ScriptedAgentOptions? script = null)
{
    /// <summary>Registers them before AddControllerVoice (which then adds only what is missing); the host does not dispose them.</summary>
    public void Register(IServiceCollection services)
    {
        // As instances, every way they are asked for: a factory registration's result would be disposed with the host.
        services.AddSingleton<PocketSphinxSpeechToText>(engines.Recognizer);
        services.AddSingleton<ISpeechToText>(engines.Recognizer);
        services.AddSingleton<ESpeakTextToSpeech>(engines.Synthesizer);
        services.AddSingleton<ITextToSpeech>(engines.Synthesizer);
        services.AddKeyedSingleton<ITextToSpeech>(VoiceServiceCollectionExtensions.OfflineVoice, engines.Synthesizer);
        services.AddSingleton<IConversationAgentFactory>(new ScriptedAgentFactory(script ?? ScriptedAgentOptions.AppointmentDesk()));
    }
}
