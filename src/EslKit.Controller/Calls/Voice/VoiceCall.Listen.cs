using EslKit.AudioStream;
using EslKit.Controller.Audio;
using EslKit.Controller.Speech;

namespace EslKit.Controller.Calls.Voice;

/// <summary>The listening side: every frame through the recogniser, answering-machine detection and barge-in.</summary>
internal sealed partial class VoiceCall
{
    // An onset the detector gave up on (no utterance opened) ends a barge-in this long after its last speech frame.
    private static readonly TimeSpan AbandonedOnset = TimeSpan.FromMilliseconds(100);

    private readonly short[] _mono;
    private bool _utteranceDuringPlayback;
    private bool _utteranceInOpening;
    private TimeSpan _lastSpeechFrameEnd;
    private bool _bargeInPending;     // the caller stopped the agent; what they said is not judged yet
    private bool _bargeInUtterance;   // and the detector opened an utterance for it
    private long _endOfSpeechAt;      // the last end-of-speech decision (a timestamp)

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var frames = _stream.Frames;
        try
        {
            while (await frames.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (frames.TryRead(out AudioFrame? frame))
                {
                    try
                    {
                        await ProcessFrameAsync(frame, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        frame.Dispose();
                    }
                }
            }

            Post(new VoiceSignal(VoiceSignalKind.StreamEnded));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The call is over.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The recogniser failed: the turn loop apologises and ends the call.
            Volatile.Read(ref _speaking)?.Interrupt();
            Post(new VoiceSignal(VoiceSignalKind.Failed, Stage: "speech_to_text", Error: ex));
        }
    }

    // A frame of any multiple of 20 ms, mono or stereo (the read direction is the first channel): 20 ms at a time.
    private async ValueTask ProcessFrameAsync(AudioFrame frame, CancellationToken cancellationToken)
    {
        int channels = frame.Format.Channels;
        int chunk = _mono.Length;
        int total = frame.SampleCount;
        for (int start = 0; start < total; start += chunk)
        {
            int count = Math.Min(chunk, total - start);
            ReadMono(frame.Samples, channels, start, count);
            long before = _time.GetTimestamp();
            var result = await _recognizer.ProcessAsync(_mono.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            OnActivity(result.Activity, before);
            if (result.Transcript is { } transcript)
            {
                // An utterance that waited for a decoder ended at an earlier frame: its end-of-speech decision was then.
                OnTranscript(transcript, result.UtteranceActivity, result.Utterance is null ? before : _endOfSpeechAt);
            }
        }
    }

    private void ReadMono(ReadOnlySpan<short> samples, int channels, int start, int count)
    {
        if (channels == 1)
        {
            samples.Slice(start, count).CopyTo(_mono);
            return;
        }

        for (int i = 0; i < count; i++)
        {
            _mono[i] = samples[(start + i) * channels];
        }
    }

    private void OnActivity(in VoiceActivity activity, long now)
    {
        Volatile.Write(ref _callerSpeaking, activity.InUtterance);
        if (_amd.Result == AnsweringMachineResult.Pending)
        {
            var decision = _amd.Process(activity);
            if (decision != AnsweringMachineResult.Pending)
            {
                VoiceMetrics.MachineDetections.Add(1, new KeyValuePair<string, object?>("result", CallTranscriptStore.ToText(decision)));
                VoiceLog.MachineDetection(_logger, Identity.CallId, Identity.Attempt, CallTranscriptStore.ToText(decision), _amd.DecidedAt.TotalMilliseconds);
                if (decision == AnsweringMachineResult.Machine)
                {
                    _machineMode = true;
                    Volatile.Read(ref _speaking)?.Interrupt();
                }

                Post(new VoiceSignal(VoiceSignalKind.MachineDecided, Machine: decision));
            }
        }

        if (activity.Event == VoiceActivityEvent.SpeechEnded)
        {
            _endOfSpeechAt = now;
        }

        var reply = Volatile.Read(ref _speaking);
        if (activity.Event == VoiceActivityEvent.SpeechStarted)
        {
            _utteranceDuringPlayback = reply is not null || _bargeInPending;
            _utteranceInOpening = _amd.Result == AnsweringMachineResult.Pending;
            _bargeInUtterance |= _bargeInPending;
        }

        if (activity.IsSpeechFrame)
        {
            _lastSpeechFrameEnd = activity.FrameEnd;
        }

        // Barge-in: speech frames from the onset (the detector's candidate, before its own start decision), long enough,
        // in the conversation: not in the opening, which answering-machine detection listens to (a "hello?" over the
        // start of the greeting does not cut it). Whether it was worth stopping for is judged when it ends.
        if (reply is not null && !reply.IsInterrupted && !_bargeInPending && !_machineMode
            && _amd.Result != AnsweringMachineResult.Pending && !(activity.InUtterance && _utteranceInOpening)
            && activity.IsSpeechFrame && activity.FrameEnd - activity.UtteranceStart >= _bargeInMinimum
            && reply.Interrupt(byCaller: true))
        {
            _bargeInPending = true;
            _bargeInUtterance = activity.InUtterance;
            VoiceMetrics.BargeIns.Add(1);
            _breaking = SendBreakAsync(reply.Turn, now, activity.FrameEnd - activity.UtteranceStart);
        }
        else if (_bargeInPending && !_bargeInUtterance && !activity.InUtterance && !activity.IsSpeechFrame
            && activity.FrameEnd - _lastSpeechFrameEnd >= AbandonedOnset)
        {
            // The detector dropped the onset (a click, a short burst): nothing to hear, the reply resumes.
            _bargeInPending = false;
            FalseInterruption(resume: true);
        }
    }

    private void FalseInterruption(bool resume)
    {
        Interlocked.Increment(ref _falseInterruptions);
        VoiceMetrics.FalseInterruptions.Add(1);
        if (resume)
        {
            Post(new VoiceSignal(VoiceSignalKind.FalseInterruption));
        }
    }

    /// <summary>
    /// A transcript made only of backchannel words (<see cref="VoiceOptions.BackchannelWords"/>), or of nothing: the
    /// caller is listening, not taking the turn.
    /// </summary>
    internal static bool IsBackchannel(string transcript, IReadOnlySet<string> backchannel)
    {
        foreach (string word in transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!backchannel.Contains(word.Trim('.', ',', '!', '?').ToLowerInvariant()))
            {
                return false;
            }
        }

        return true;
    }

    private void OnTranscript(SpeechTranscript transcript, in VoiceActivity activity, long endOfSpeech)
    {
        AddAiTime(transcript.AudioDuration);
        bool duringPlayback = _utteranceDuringPlayback;
        _utteranceDuringPlayback = false;
        TimeSpan speech = activity.UtteranceEnd - activity.UtteranceStart;
        if (_bargeInPending)
        {
            // The caller stopped the agent: a real interruption needs enough speech and a word that is not a backchannel.
            _bargeInPending = false;
            _bargeInUtterance = false;
            if (speech < _bargeInConfirm || IsBackchannel(transcript.Text, _backchannel))
            {
                FalseInterruption(resume: true); // a cough, an echo, an "uh-huh": the reply resumes
                return;
            }

            Interlocked.Increment(ref _interruptedReplies);
        }
        else if (duringPlayback && speech < _bargeInMinimum)
        {
            // Too short to stop the agent: it went on.
            FalseInterruption(resume: false);
            return;
        }

        // The opening ("hello?"), begun while answering-machine detection listened: the greeting answers it.
        if (!_machineMode && _utteranceInOpening)
        {
            return;
        }

        long transcribed = _time.GetTimestamp();
        VoiceMetrics.TranscriptLatency.Record(_time.GetElapsedTime(endOfSpeech, transcribed).TotalMilliseconds);
        var startedAt = _time.GetUtcNow() - (activity.FrameEnd - activity.UtteranceStart);
        Post(new VoiceSignal(VoiceSignalKind.Utterance, transcript.Text, startedAt, endOfSpeech, transcribed));
    }

    // heard: how long after the speech's onset the decision came (stream time).
    private async Task SendBreakAsync(int turn, long decided, TimeSpan heard = default)
    {
        try
        {
            await _session.BreakAsync(all: true, CancellationToken.None).ConfigureAwait(false);
            double milliseconds = _time.GetElapsedTime(decided).TotalMilliseconds;
            VoiceMetrics.BargeInStopLatency.Record(milliseconds);
            if (heard > TimeSpan.Zero)
            {
                VoiceMetrics.BargeInOnsetLatency.Record(heard.TotalMilliseconds + milliseconds);
            }

            VoiceLog.BargeIn(_logger, Identity.CallId, Identity.Attempt, turn, milliseconds);
        }
        catch (EslException ex)
        {
            // Nothing playing any more, or the call is gone.
            VoiceLog.BreakFailed(_logger, Identity.CallId, Identity.Attempt, ex.GetType().Name);
        }
    }
}
