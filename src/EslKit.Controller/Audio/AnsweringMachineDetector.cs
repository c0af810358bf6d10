namespace EslKit.Controller.Audio;

/// <summary>
/// Answering-machine detection from the first seconds of a call's audio, on the voice-activity decisions of each
/// frame: a person answers with a short "hello?" and waits; a voicemail plays a long greeting, sentence after
/// sentence. Speech is summed over the opening (pauses between a greeting's sentences do not reset it):
/// <list type="bullet">
/// <item><see cref="AnsweringMachineResult.Machine"/> as soon as the speech reaches <see cref="AnsweringMachineDetectorOptions.MachineMinSpeech"/>;</item>
/// <item><see cref="AnsweringMachineResult.Human"/> when, after speech of at most <see cref="AnsweringMachineDetectorOptions.HumanMaxSpeech"/>,
/// the line stays quiet for <see cref="AnsweringMachineDetectorOptions.SilenceAfterSpeech"/> (the person waits for an answer);</item>
/// <item><see cref="AnsweringMachineResult.Unknown"/> after that silence following speech of middling length, after
/// <see cref="AnsweringMachineDetectorOptions.InitialSilence"/> with no speech at all, or when the window passes.</item>
/// </list>
/// Decides once; one instance per call, frames in order; allocation-free.
/// </summary>
public sealed class AnsweringMachineDetector
{
    private readonly AnsweringMachineDetectorOptions _options;
    private TimeSpan _spoken;          // speech of the utterances that ended
    private TimeSpan _lastSpeechFrameEnd;
    private TimeSpan _lastUtteranceEnd;
    private bool _heardSpeech;

    /// <summary>Creates a detector for one call.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public AnsweringMachineDetector(AnsweringMachineDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Result = options.Enabled ? AnsweringMachineResult.Pending : AnsweringMachineResult.Unknown;
    }

    /// <summary>The decision so far.</summary>
    public AnsweringMachineResult Result { get; private set; }

    /// <summary>Where in the stream the decision was made (zero while pending).</summary>
    public TimeSpan DecidedAt { get; private set; }

    /// <summary>Speech heard in the opening so far.</summary>
    public TimeSpan Speech => _spoken;

    /// <summary>Takes the voice activity of the next frame.</summary>
    /// <returns>The decision when this frame made it; <see cref="AnsweringMachineResult.Pending"/> otherwise (also once decided).</returns>
    public AnsweringMachineResult Process(in VoiceActivity activity)
    {
        if (Result != AnsweringMachineResult.Pending)
        {
            return AnsweringMachineResult.Pending;
        }

        TimeSpan now = activity.FrameEnd;
        if (activity.IsSpeechFrame)
        {
            _lastSpeechFrameEnd = now;
        }

        AnsweringMachineResult decision = AnsweringMachineResult.Pending;
        if (activity.Event == VoiceActivityEvent.SpeechEnded)
        {
            _spoken += activity.UtteranceEnd - activity.UtteranceStart;
            _lastUtteranceEnd = activity.UtteranceEnd;
            _heardSpeech = true;
            if (_spoken >= _options.MachineMinSpeech)
            {
                decision = AnsweringMachineResult.Machine;
            }
        }
        else if (activity.InUtterance)
        {
            _heardSpeech = true;
            TimeSpan current = _lastSpeechFrameEnd > activity.UtteranceStart ? _lastSpeechFrameEnd - activity.UtteranceStart : TimeSpan.Zero;
            if (_spoken + current >= _options.MachineMinSpeech)
            {
                decision = AnsweringMachineResult.Machine;
            }
        }
        else if (_heardSpeech)
        {
            if (now - _lastUtteranceEnd >= _options.SilenceAfterSpeech)
            {
                decision = _spoken <= _options.HumanMaxSpeech ? AnsweringMachineResult.Human : AnsweringMachineResult.Unknown;
            }
        }
        else if (now >= _options.InitialSilence)
        {
            decision = AnsweringMachineResult.Unknown;
        }

        if (decision == AnsweringMachineResult.Pending && now >= _options.DecisionWindow)
        {
            decision = AnsweringMachineResult.Unknown;
        }

        if (decision != AnsweringMachineResult.Pending)
        {
            Result = decision;
            DecidedAt = now;
        }

        return decision;
    }
}
