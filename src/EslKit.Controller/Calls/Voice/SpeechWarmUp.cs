using EslKit.Controller.Speech;
using EslKit.Controller.Speech.ESpeak;
using EslKit.Controller.Speech.PocketSphinx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// Loads the offline engines in the background when the controller starts, so the first calls do not pay for it:
/// pocketsphinx decoders (about half a second each) with the agent's grammar compiled in each (one short silent
/// utterance per decoder, all at once), and espeak-ng's voice.
/// </summary>
internal sealed class SpeechWarmUp(IServiceProvider services) : BackgroundService
{
    /// <summary>Decoders prepared at start (more are created on demand, up to the configured maximum).</summary>
    public const int Decoders = 4;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A controller without FreeSWITCH nodes places no calls: nothing to warm.
        if (services.GetService<Nodes.NodeRegistry>() is not { Nodes.Count: > 0 })
        {
            return;
        }

        try
        {
            if (services.GetService<ITextToSpeech>() is ESpeakTextToSpeech espeak)
            {
                await espeak.WarmUpAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
            }

            if (services.GetService<ISpeechToText>() is PocketSphinxSpeechToText sphinx)
            {
                await sphinx.WarmUpAsync(Decoders, stoppingToken).ConfigureAwait(false);
                var grammar = services.GetService<IConversationAgentFactory>()?.CreateAgent().Grammar;
                var utterances = new List<ISpeechUtterance>();
                try
                {
                    for (int i = 0; i < Math.Min(Decoders, sphinx.DecoderCount); i++)
                    {
                        utterances.Add(await sphinx.BeginUtteranceAsync(grammar, stoppingToken).ConfigureAwait(false));
                    }

                    var silence = new short[1600];
                    foreach (var utterance in utterances)
                    {
                        await utterance.WriteAsync(silence, stoppingToken).ConfigureAwait(false);
                        await utterance.EndAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    foreach (var utterance in utterances)
                    {
                        await utterance.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception)
        {
            // Never fatal to the host: the first call reports a broken engine (its provider fails and the apology path runs).
        }
    }
}
