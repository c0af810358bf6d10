using EslKit.AudioStream;
using EslKit.Controller.Audio;
using EslKit.Controller.Speech;

namespace EslKit.Controller.Calls.Voice;

/// <summary>The listening side: every frame through the recogniser, answering-machine detection and barge-in.</summary>
internal sealed partial class VoiceCall
{
    private readonly short[] _mono;
    private bool _utteranceDuringPlayback;
    private bool _utteranceInOpening;
    private TimeSpan _lastSpeechFrameEnd;

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
                OnTranscript(transcript, result.Activity, before);
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

        var reply = Volatile.Read(ref _speaking);
        if (activity.Event == VoiceActivityEvent.SpeechStarted)
        {
            _utteranceDuringPlayback = reply is not null;
            _utteranceInOpening = _amd.Result == AnsweringMachineResult.Pending;
        }

        if (activity.IsSpeechFrame)
        {
            _lastSpeechFrameEnd = activity.FrameEnd;
        }

        // Barge-in: speech (not the hangover after it) long enough, in the conversation: not in the opening, which
        // answering-machine detection listens to (a "hello?" over the start of the greeting does not cut it).
        if (reply is not null && !reply.IsInterrupted && !_machineMode && !_utteranceInOpening
            && activity.InUtterance && _lastSpeechFrameEnd - activity.UtteranceStart >= _bargeInMinimum
            && reply.Interrupt())
        {
            Interlocked.Increment(ref _interruptedReplies);
            VoiceMetrics.BargeIns.Add(1);
            _breaking = SendBreakAsync(reply.Turn, now, activity.FrameEnd - activity.UtteranceStart);
        }
    }

    private void OnTranscript(SpeechTranscript transcript, in VoiceActivity activity, long endOfSpeech)
    {
        AddAiTime(transcript.AudioDuration);
        bool duringPlayback = _utteranceDuringPlayback;
        _utteranceDuringPlayback = false;
        if (duringPlayback && activity.UtteranceEnd - activity.UtteranceStart < _bargeInMinimum)
        {
            // A cough, an "uh-huh", an echo: the agent went on.
            Interlocked.Increment(ref _falseInterruptions);
            VoiceMetrics.FalseInterruptions.Add(1);
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
