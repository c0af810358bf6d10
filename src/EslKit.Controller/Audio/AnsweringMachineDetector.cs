namespace EslKit.Controller.Audio;

/// <summary>
/// Answering-machine detection from the first seconds of a call's audio, on the voice-activity decisions of each
/// frame: a person answers with a short "hello?" and waits; a voicemail plays a long uninterrupted greeting. Decides
/// <see cref="AnsweringMachineResult.Human"/> when the first utterance ends within
/// <see cref="AnsweringMachineDetectorOptions.HumanMaxSpeech"/>, <see cref="AnsweringMachineResult.Machine"/> when
/// speech runs past <see cref="AnsweringMachineDetectorOptions.MachineMinSpeech"/>, and
/// <see cref="AnsweringMachineResult.Unknown"/> after initial silence or when the window passes. Decides once; one
/// instance per call, frames in order; allocation-free.
/// </summary>
public sealed class AnsweringMachineDetector
{
    private readonly AnsweringMachineDetectorOptions _options;
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

    /// <summary>Takes the voice activity of the next frame.</summary>
    /// <returns>The decision when this frame made it; <see cref="AnsweringMachineResult.Pending"/> otherwise (also once decided).</returns>
    public AnsweringMachineResult Process(in VoiceActivity activity)
    {
        if (Result != AnsweringMachineResult.Pending)
        {
            return AnsweringMachineResult.Pending;
        }

        TimeSpan now = activity.FrameEnd;
        AnsweringMachineResult decision = AnsweringMachineResult.Pending;
        if (activity.Event == VoiceActivityEvent.SpeechEnded)
        {
            TimeSpan spoken = activity.UtteranceEnd - activity.UtteranceStart;
            decision = spoken <= _options.HumanMaxSpeech ? AnsweringMachineResult.Human
                : spoken >= _options.MachineMinSpeech ? AnsweringMachineResult.Machine
                : AnsweringMachineResult.Unknown;
        }
        else if (activity.InUtterance)
        {
            if (now - activity.UtteranceStart >= _options.MachineMinSpeech)
            {
                decision = AnsweringMachineResult.Machine;
            }
        }
        else if (now >= _options.InitialSilence && !_heardSpeech)
        {
            decision = AnsweringMachineResult.Unknown;
        }

        _heardSpeech |= activity.InUtterance;
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
