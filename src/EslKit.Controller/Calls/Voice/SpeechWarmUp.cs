using EslKit.Controller.Speech;
using EslKit.Controller.Speech.ESpeak;
using EslKit.Controller.Speech.PocketSphinx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// Loads the offline engines in the background when the controller starts (a pocketsphinx decoder takes about half a
/// second, espeak-ng its voice), so the first call's greeting and first utterance do not pay for it.
/// </summary>
internal sealed class SpeechWarmUp(IServiceProvider services) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (services.GetService<ISpeechToText>() is PocketSphinxSpeechToText sphinx)
            {
                await sphinx.WarmUpAsync(1, stoppingToken).ConfigureAwait(false);
            }

            if (services.GetService<ITextToSpeech>() is ESpeakTextToSpeech espeak)
            {
                await espeak.WarmUpAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SpeechRecognitionException or SpeechSynthesisException or OperationCanceledException)
        {
            // The first call reports it (its provider fails and the apology path runs).
        }
    }
}
