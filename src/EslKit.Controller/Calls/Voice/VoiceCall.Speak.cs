using System.Text.Json;
using System.Threading.Channels;
using EslKit.AudioStream;
using EslKit.Controller.Speech;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// The speaking side: a reply's sentences are synthesised one after another while the earlier ones are sent and
/// played. Each sentence goes to mod_audio_stream as one <c>streamAudio</c> message; the module writes it to a file and
/// raises CUSTOM <c>mod_audio_stream::play</c> with the file's name (the event pump hands it over); the session plays
/// that file (PLAYBACK_START/STOP) and the next sentence's file is ready by the time it ends.
/// </summary>
internal sealed partial class VoiceCall
{
    private const int OutputSampleRate = 16_000;

    private async Task SpeakTurnAsync(int turn, string text, long endOfSpeech, long transcribed, long replyReady, ITextToSpeech voice, CancellationToken cancellationToken)
    {
        SpokenReply result;
        var begun = _time.GetUtcNow();
        try
        {
            result = await SpeakAsync(turn, text, voice, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or EslException)
        {
            // The call ended mid-reply (the caller hung up): the reply is in the transcript, cut short.
            _transcript.Add(new TranscriptEntry(turn, "agent", text, begun, _time.GetUtcNow(), Interrupted: true));
            throw;
        }

        int? tts = result.FirstAudio == 0 ? null : Milliseconds(replyReady, result.FirstAudio);
        int? playback = result.FirstAudio == 0 || result.PlaybackStarted == 0 ? null : Milliseconds(result.FirstAudio, result.PlaybackStarted);
        int? response = endOfSpeech == 0 || result.PlaybackStarted == 0 ? null : Milliseconds(endOfSpeech, result.PlaybackStarted);
        int? agent = transcribed == 0 ? null : Milliseconds(transcribed, replyReady);
        if (tts is { } t)
        {
            VoiceMetrics.SynthesisLatency.Record(t);
        }

        if (playback is { } p)
        {
            VoiceMetrics.PlaybackLatency.Record(p);
        }

        if (response is { } r)
        {
            VoiceMetrics.ResponseLatency.Record(r);
            VoiceLog.TurnAnswered(_logger, Identity.CallId, Identity.Attempt, turn, r);
        }

        if (turn == 0 && result.PlaybackStarted != 0)
        {
            VoiceMetrics.AnswerToFirstAudio.Record(_time.GetElapsedTime(_call.AnsweredTimestamp, Volatile.Read(ref _firstPlaybackStart)).TotalMilliseconds);
        }

        _transcript.Add(new TranscriptEntry(turn, "agent", text, result.StartedAt, _time.GetUtcNow(), AgentMs: agent, TtsMs: tts, PlaybackMs: playback, ResponseMs: response, Interrupted: result.Interrupted));
    }

    // Speaks one reply; returns when its last sentence has played, or when it was interrupted.
    private async Task<SpokenReply> SpeakAsync(int turn, string text, ITextToSpeech voice, CancellationToken cancellationToken)
    {
        using var reply = new ReplyPlayback(turn, cancellationToken);
        Volatile.Write(ref _speaking, reply);
        var startedAt = _time.GetUtcNow();
        var sentences = new AgentReply(text, EndCall: false).Sentences();
        var audio = Channel.CreateBounded<short[]>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var synthesis = SynthesizeAsync(sentences, voice, audio.Writer, reply.Token);
        Task<EslPlaybackResult>? playing = null;
        PlaybackStartWatch? watch = null;
        long firstAudio = 0;
        bool interrupted = false;
        try
        {
            await foreach (short[] samples in audio.Reader.ReadAllAsync(reply.Token).ConfigureAwait(false))
            {
                if (firstAudio == 0)
                {
                    firstAudio = _time.GetTimestamp();
                }

                string file = await SendAsync(samples, reply.Token).ConfigureAwait(false);
                if (playing is not null && (await playing.ConfigureAwait(false)).Status == EslPlaybackStatus.Break)
                {
                    break;
                }

                if (watch is null)
                {
                    watch = new PlaybackStartWatch(file);
                    Volatile.Write(ref _startWatch, watch);
                }

                playing = _session.PlaybackAsync(file, reply.Token);
            }

            if (playing is not null)
            {
                await playing.ConfigureAwait(false);
            }

            await synthesis.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (reply.IsInterrupted && !cancellationToken.IsCancellationRequested)
        {
            // Barge-in, a machine or a failure: uuid_break stops what plays.
        }
        finally
        {
            Volatile.Write(ref _speaking, null);
            interrupted = reply.IsInterrupted;
            reply.Interrupt(); // stops the synthesis if it is still going
            Observe(synthesis);
            if (playing is not null)
            {
                Observe(playing);
            }
        }

        long started = 0;
        if (watch is not null)
        {
            try
            {
                // PLAYBACK_START reaches the event pump around the time the playback's completion reaches us.
                started = await watch.Started.Task.WaitAsync(TimeSpan.FromSeconds(2), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Broken off before it started.
            }
        }

        return new SpokenReply(interrupted, firstAudio, started, started == 0 ? startedAt : _time.GetUtcNow() - _time.GetElapsedTime(started));
    }

    private async Task SynthesizeAsync(IReadOnlyList<string> sentences, ITextToSpeech voice, ChannelWriter<short[]> output, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            foreach (string sentence in sentences)
            {
                short[] samples;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(_providerTimeout);
                    try
                    {
                        samples = await voice.SynthesizeAsync(sentence, timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException("The speech was not synthesised in time.");
                    }
                }

                if (samples.Length == 0)
                {
                    continue;
                }

                AddAiTime(TimeSpan.FromSeconds((double)samples.Length / voice.SampleRate));
                await output.WriteAsync(samples, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted.
        }
        catch (Exception ex)
        {
            failure = VoiceProviderException.Of("text_to_speech", ex);
        }
        finally
        {
            output.TryComplete(failure);
        }
    }

    // Sends one sentence and waits for the file the module wrote for it.
    private async Task<string> SendAsync(short[] samples, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.SendStreamAudioAsync(samples.AsSpan(), OutputSampleRate, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AudioStreamClosedException or AudioStreamSendQueueFullException)
        {
            throw VoiceProviderException.Of("playback", ex);
        }

        // Files are announced in the order they were sent; one left over from an interrupted reply is skipped.
        int expected = ++_sent;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_providerTimeout);
        try
        {
            while (true)
            {
                string file = await _playFiles.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                if (++_filesReceived >= expected)
                {
                    return file;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw VoiceProviderException.Of("playback", new TimeoutException("mod_audio_stream announced no file for the audio sent."));
        }
    }

    private async Task PumpEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in _call.Events!.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (e.Name == EslEventName.PlaybackStart)
                {
                    long now = _time.GetTimestamp();
                    Interlocked.CompareExchange(ref _firstPlaybackStart, now, 0);
                    if (Volatile.Read(ref _startWatch) is { } watch && watch.File == e["Playback-File-Path"])
                    {
                        watch.Started.TrySetResult(now);
                    }
                }
                else if (e.Name == EslEventName.Custom)
                {
                    switch (e.Subclass)
                    {
                        case "mod_audio_stream::play":
                            if (FileOf(e.BodyText) is { } file)
                            {
                                _playFiles.Writer.TryWrite(file);
                            }

                            break;
                        case "mod_audio_stream::error" or "mod_audio_stream::disconnect":
                            VoiceLog.StreamEvent(_logger, Identity.CallId, Identity.Attempt, e.Subclass);
                            break;
                        default:
                            break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The call is over.
        }
        catch (EslException)
        {
            // The session ended.
        }
    }

    // mod_audio_stream::play's body: {"audioDataType":"raw","sampleRate":16000,"file":"/tmp/<uuid>_<n>.tmp.r16"}.
    private static string? FileOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String
                ? file.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>What speaking a reply gave.</summary>
    private readonly record struct SpokenReply(bool Interrupted, long FirstAudio, long PlaybackStarted, DateTimeOffset StartedAt);

    /// <summary>The first file of a reply, whose PLAYBACK_START the event pump reports.</summary>
    private sealed class PlaybackStartWatch(string file)
    {
        public string File { get; } = file;

        public TaskCompletionSource<long> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
