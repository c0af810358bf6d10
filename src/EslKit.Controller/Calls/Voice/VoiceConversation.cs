using EslKit.AudioStream;
using EslKit.Controller.Audio;
using EslKit.Controller.Speech;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// The controller's <see cref="ICallConversation"/>: a spoken conversation per answered call (<see cref="VoiceCall"/>)
/// over the call's mod_audio_stream WebSocket, with the configured providers (offline by default: pocketsphinx,
/// espeak-ng, the scripted agent). Without a stream or the session's events (start failed, socket not in full mode,
/// the module never connected) it keeps the call up as <see cref="KeepAliveConversation"/> does. When the conversation
/// is over its transcript and summary are written; the session handler hangs up a call it left up.
/// </summary>
internal sealed class VoiceConversation(
    KeepAliveConversation keepAlive,
    IServiceProvider services,
    CallTranscriptStore store,
    IOptions<VoiceOptions> options,
    IOptions<CallsOptions> callsOptions,
    TimeProvider time,
    ILogger<VoiceConversation> logger) : ICallConversation
{
    /// <inheritdoc />
    public async Task RunAsync(CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Audio is null || call.Events is null)
        {
            VoiceMetrics.Calls.Add(1, new KeyValuePair<string, object?>("end", "no_audio"));
            await keepAlive.RunAsync(call, cancellationToken).ConfigureAwait(false);
            return;
        }

        var identity = call.Identity;
        var settings = options.Value;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(callsOptions.Value.MaxCallSeconds), time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.Session.HangupToken, limit.Token);
        AudioStreamSession<CallAudioLink> stream;
        try
        {
            stream = await call.Audio.WaitForSessionAsync(stop.Token)
                .WaitAsync(TimeSpan.FromSeconds(settings.AudioConnectTimeoutSeconds), time, stop.Token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            VoiceLog.NoAudio(logger, identity.CallId, identity.Attempt, settings.AudioConnectTimeoutSeconds);
            VoiceMetrics.Calls.Add(1, new KeyValuePair<string, object?>("end", "no_audio"));
            call.Audio.Dispose();
            await keepAlive.RunAsync(call, cancellationToken).ConfigureAwait(false);
            await WriteAsync(identity, [], new VoiceCallSummary(0, 0, 0, 0m, AnsweringMachineResult.Unknown, null, "no audio stream")).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return; // hung up before the stream came
        }

        // The engines are resolved at the first call, not when the host starts: a controller that places no calls
        // (an API-only host, a test) never loads them (espeak-ng allows one instance per process).
        var speechToText = services.GetRequiredService<ISpeechToText>();
        var textToSpeech = services.GetRequiredService<ITextToSpeech>();
        var offlineVoice = services.GetRequiredKeyedService<ITextToSpeech>(VoiceServiceCollectionExtensions.OfflineVoice);
        var detectors = services.GetRequiredService<VoiceActivityDetectorFactory>();
        var agent = services.GetRequiredService<IConversationAgentFactory>().CreateAgent();
        var recognizerOptions = new StreamingSpeechRecognizerOptions { InputSampleRate = stream.Format.SampleRate };
        var detector = detectors.Create();
        var recognizer = new StreamingSpeechRecognizer(speechToText, detector, recognizerOptions) { Grammar = agent.Grammar };
        var voice = new VoiceCall(call, stream, agent, recognizer, textToSpeech, offlineVoice, store, settings, time, logger);
        string reason;
        try
        {
            reason = await voice.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or EslException)
        {
            reason = limit.IsCancellationRequested ? "call too long"
                : call.Session.IsHungUp || ex is EslChannelHungUpException ? "caller hung up"
                : "stopped";
        }
        finally
        {
            if (recognizer.SamplesLost > 0)
            {
                VoiceMetrics.SpeechLost.Add(recognizer.SamplesLost / 16);
            }

            await recognizer.DisposeAsync().ConfigureAwait(false);
            (detector as IDisposable)?.Dispose(); // Silero's holds native tensors
        }

        var summary = voice.Summarise(reason);
        VoiceMetrics.Calls.Add(1, new KeyValuePair<string, object?>("end", EndTag(reason)));
        VoiceLog.Over(logger, identity.CallId, identity.Attempt, reason, summary.Turns, summary.InterruptedReplies, summary.FalseInterruptions);
        await WriteAsync(identity, voice.Transcript, summary).ConfigureAwait(false);
    }

    private async Task WriteAsync(CallIdentity identity, IReadOnlyList<TranscriptEntry> transcript, VoiceCallSummary summary)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15), time);
            await store.WriteAsync(identity, transcript, summary, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            VoiceLog.TranscriptFailed(logger, identity.CallId, identity.Attempt, ex);
        }
    }

    private static string EndTag(string reason) => reason switch
    {
        "agent ended the call" => "agent",
        "caller hung up" => "caller",
        "call too long" => "too_long",
        "audio stream ended" => "stream_ended",
        "no audio stream" => "no_audio",
        _ when reason.StartsWith("answering machine", StringComparison.Ordinal) => "machine",
        _ when reason.Contains(" failed: ", StringComparison.Ordinal) => "failure",
        _ => "other",
    };
}
