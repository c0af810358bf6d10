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

    // A reply from the agent's stream: the pump reads it while the first sentence is synthesised and played.
    private AgentTurn StartTurn(int turn, Func<IConversationAgent, CancellationToken, IAsyncEnumerable<AgentSentence>> stream, long endOfSpeech, long transcribed, CancellationToken cancellationToken)
    {
        var reply = new AgentTurn(turn, endOfSpeech, transcribed, cancellationToken);
        reply.Pump = PumpAgentAsync(reply, stream(_agent, reply.AgentToken));
        return reply;
    }

    // A reply of fixed words (the apology, a machine message).
    private AgentTurn StartTurn(int turn, string text, CancellationToken cancellationToken)
    {
        var reply = new AgentTurn(turn, 0, 0, cancellationToken);
        reply.Pump = PumpAgentAsync(reply, AgentReplyStreams.Split(ValueTask.FromResult(new AgentReply(text, EndCall: false))));
        return reply;
    }

    private async Task PumpAgentAsync(AgentTurn reply, IAsyncEnumerable<AgentSentence> sentences)
    {
        Exception? failure = null;
        try
        {
            await foreach (AgentSentence sentence in sentences.WithCancellation(reply.AgentToken).ConfigureAwait(false))
            {
                if (reply.FirstSentence == 0)
                {
                    long now = _time.GetTimestamp();
                    reply.FirstSentence = now;
                    if (reply.Transcribed != 0)
                    {
                        VoiceMetrics.AgentLatency.Record(_time.GetElapsedTime(reply.Transcribed, now).TotalMilliseconds);
                    }
                }

                reply.Incoming.Writer.TryWrite(sentence);
            }
        }
        catch (OperationCanceledException) when (reply.AgentToken.IsCancellationRequested)
        {
            // The reply is over or given up.
        }
        catch (Exception ex)
        {
            failure = VoiceProviderException.Of("agent", ex);
        }
        finally
        {
            reply.Incoming.Writer.TryComplete(failure);
        }
    }

    /// <summary>
    /// Speaks <paramref name="reply"/> from the first sentence not yet played. Returns true when the caller broke in and
    /// <paramref name="mayResume"/>: the reply then waits (unrecorded) for the interruption to be judged; otherwise it is
    /// over and in the transcript.
    /// </summary>
    private async Task<bool> SpeakTurnAsync(AgentTurn reply, ITextToSpeech voice, bool mayResume, CancellationToken cancellationToken)
    {
        reply.Speaks++;
        SpokenReply result;
        var begun = _time.GetUtcNow();
        try
        {
            result = await SpeakAsync(reply, voice, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or EslException)
        {
            // The call ended mid-reply (the caller hung up): the reply is in the transcript, cut short.
            reply.StartedAt ??= begun;
            await FinishAsync(reply, interrupted: true).ConfigureAwait(false);
            throw;
        }
        catch (VoiceProviderException)
        {
            reply.StopAgent();
            throw;
        }

        if (reply.Speaks == 1)
        {
            RecordLatency(reply, result);
        }

        reply.StartedAt ??= result.StartedAt;
        if (result.ByCaller && mayResume)
        {
            return true;
        }

        await FinishAsync(reply, result.Interrupted).ConfigureAwait(false);
        return false;
    }

    private void RecordLatency(AgentTurn reply, SpokenReply result)
    {
        long ready = reply.FirstSentence;
        int? tts = result.FirstAudio == 0 || ready == 0 ? null : Milliseconds(ready, result.FirstAudio);
        int? playback = result.FirstAudio == 0 || result.PlaybackStarted == 0 ? null : Milliseconds(result.FirstAudio, result.PlaybackStarted);
        int? response = reply.EndOfSpeech == 0 || result.PlaybackStarted == 0 ? null : Milliseconds(reply.EndOfSpeech, result.PlaybackStarted);
        int? agent = reply.Transcribed == 0 || ready == 0 ? null : Milliseconds(reply.Transcribed, ready);
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
            VoiceLog.TurnAnswered(_logger, Identity.CallId, Identity.Attempt, reply.Turn, r);
        }

        if (reply.Turn == 0 && result.PlaybackStarted != 0)
        {
            VoiceMetrics.AnswerToFirstAudio.Record(_time.GetElapsedTime(_call.AnsweredTimestamp, Volatile.Read(ref _firstPlaybackStart)).TotalMilliseconds);
        }

        reply.Latency = (agent, tts, playback, response);
    }

    // The reply is over (played, or cut for good): the agent stops, the transcript gets its row.
    private async Task FinishAsync(AgentTurn reply, bool interrupted)
    {
        reply.StopAgent();
        await reply.Pump.ConfigureAwait(false); // never faults: the pump completes the channel instead
        var (agent, tts, playback, response) = reply.Latency;
        _transcript.Add(new TranscriptEntry(
            reply.Turn, "agent", reply.Text(), reply.StartedAt ?? _time.GetUtcNow(), _time.GetUtcNow(),
            AgentMs: agent, TtsMs: tts, PlaybackMs: playback, ResponseMs: response, Interrupted: interrupted));
        reply.Dispose();
    }

    // Speaks the reply from its first unplayed sentence; returns when the last has played, or when it was interrupted.
    private async Task<SpokenReply> SpeakAsync(AgentTurn turn, ITextToSpeech voice, CancellationToken cancellationToken)
    {
        using var reply = new ReplyPlayback(turn.Turn, cancellationToken);
        Volatile.Write(ref _speaking, reply);
        var startedAt = _time.GetUtcNow();
        var audio = Channel.CreateBounded<(int Index, short[] Samples)>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var synthesis = SynthesizeAsync(turn, voice, audio.Writer, reply.Token);
        Task<EslPlaybackResult>? playing = null;
        int playingIndex = -1;
        PlaybackStartWatch? watch = null;
        long firstAudio = 0;
        bool interrupted = false;
        bool byCaller = false;
        try
        {
            await foreach ((int index, short[] samples) in audio.Reader.ReadAllAsync(reply.Token).ConfigureAwait(false))
            {
                if (firstAudio == 0)
                {
                    firstAudio = _time.GetTimestamp();
                }

                string file = await SendAsync(samples, reply.Token).ConfigureAwait(false);
                if (playing is not null)
                {
                    if ((await playing.ConfigureAwait(false)).Status == EslPlaybackStatus.Break)
                    {
                        break;
                    }

                    turn.Played = playingIndex + 1;
                }

                if (watch is null)
                {
                    watch = new PlaybackStartWatch(file);
                    Volatile.Write(ref _startWatch, watch);
                }

                playing = _session.PlaybackAsync(file, reply.Token);
                playingIndex = index;
            }

            if (playing is not null && (await playing.ConfigureAwait(false)).Status != EslPlaybackStatus.Break)
            {
                turn.Played = playingIndex + 1;
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

            // Whoever interrupts first wins: if the listener did, this finds it interrupted (and by whom).
            interrupted = !reply.Interrupt();
            byCaller = interrupted && reply.ByCaller;
            await Quietly(synthesis).ConfigureAwait(false); // a resume must not race it for the agent's sentences
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

        return new SpokenReply(interrupted, byCaller, firstAudio, started, started == 0 ? startedAt : _time.GetUtcNow() - _time.GetElapsedTime(started));
    }

    // Synthesises the reply's sentences from the first unplayed one, taking new ones from the agent as they come;
    // audio made before (a resumed reply) is not made again.
    private async Task SynthesizeAsync(AgentTurn turn, ITextToSpeech voice, ChannelWriter<(int Index, short[] Samples)> output, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            int index = turn.Played;
            while (index < turn.Sentences.Count || await NextSentenceAsync(turn, cancellationToken).ConfigureAwait(false))
            {
                if (index >= turn.Sentences.Count)
                {
                    continue; // NextSentenceAsync added one
                }

                short[]? samples = turn.Audio[index];
                if (samples is null)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(_providerTimeout);
                    try
                    {
                        samples = await voice.SynthesizeAsync(turn.Sentences[index], timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException("The speech was not synthesised in time.");
                    }

                    turn.Audio[index] = samples;
                    AddAiTime(TimeSpan.FromSeconds((double)samples.Length / voice.SampleRate));
                }

                if (samples.Length > 0)
                {
                    await output.WriteAsync((index, samples), cancellationToken).ConfigureAwait(false);
                }

                index++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted.
        }
        catch (VoiceProviderException ex)
        {
            failure = ex; // the agent's
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

    // The agent's next sentence with words; false when the reply is complete. The agent has the provider timeout for each.
    private async ValueTask<bool> NextSentenceAsync(AgentTurn turn, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_providerTimeout);
        try
        {
            while (await turn.Incoming.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                while (turn.Incoming.Reader.TryRead(out AgentSentence sentence))
                {
                    if (turn.Take(sentence))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw VoiceProviderException.Of("agent", new TimeoutException("The agent did not answer in time."));
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

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Observed: what failed was reported through the channel it completed.
        }
    }

    private static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>What speaking a reply gave.</summary>
    private readonly record struct SpokenReply(bool Interrupted, bool ByCaller, long FirstAudio, long PlaybackStarted, DateTimeOffset StartedAt);

    /// <summary>The first file of a reply, whose PLAYBACK_START the event pump reports.</summary>
    private sealed class PlaybackStartWatch(string file)
    {
        public string File { get; } = file;

        public TaskCompletionSource<long> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
