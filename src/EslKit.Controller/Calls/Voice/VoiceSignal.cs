using EslKit.Controller.Audio;

namespace EslKit.Controller.Calls.Voice;

/// <summary>What the listening side of a call tells its turn loop.</summary>
internal enum VoiceSignalKind
{
    /// <summary>The caller finished an utterance: its transcript.</summary>
    Utterance,

    /// <summary>
    /// The caller's sound that cut the agent off was not speech to answer (too short, nothing recognised, only a
    /// backchannel word): the interrupted reply resumes.
    /// </summary>
    FalseInterruption,

    /// <summary>Answering-machine detection decided.</summary>
    MachineDecided,

    /// <summary>A provider failed (speech-to-text on the listening side).</summary>
    Failed,

    /// <summary>The audio stream ended.</summary>
    StreamEnded,
}

/// <summary>One message from a call's listener to its turn loop (one per utterance or event, never per frame).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Text">The transcript (utterances), or the failure's description.</param>
/// <param name="SpeechStartedAt">When the caller began speaking (utterances).</param>
/// <param name="EndOfSpeech">The end-of-speech decision's timestamp (utterances; <see cref="TimeProvider"/> ticks).</param>
/// <param name="Transcribed">When the final transcript was ready (utterances; timestamp).</param>
/// <param name="Machine">The detection's result (<see cref="VoiceSignalKind.MachineDecided"/>).</param>
/// <param name="Stage">The failing stage (<see cref="VoiceSignalKind.Failed"/>).</param>
/// <param name="Error">The failure (<see cref="VoiceSignalKind.Failed"/>).</param>
internal sealed record VoiceSignal(
    VoiceSignalKind Kind,
    string Text = "",
    DateTimeOffset SpeechStartedAt = default,
    long EndOfSpeech = 0,
    long Transcribed = 0,
    AnsweringMachineResult Machine = AnsweringMachineResult.Pending,
    string Stage = "",
    Exception? Error = null);
