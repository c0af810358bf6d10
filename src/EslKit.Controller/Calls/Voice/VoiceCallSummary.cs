using EslKit.Controller.Audio;

namespace EslKit.Controller.Calls.Voice;

/// <summary>A conversation's summary, written to its call log.</summary>
/// <param name="Turns">Caller utterances the agent answered.</param>
/// <param name="InterruptedReplies">Agent replies the caller barged into.</param>
/// <param name="FalseInterruptions">Caller sounds during playback too short to barge in.</param>
/// <param name="AiSeconds">Measured AI time: caller audio recognised plus agent audio synthesised, in seconds.</param>
/// <param name="Machine">Answering-machine detection's result.</param>
/// <param name="AnswerToFirstAudioMs">Answer → the first agent audio's PLAYBACK_START; null when none played.</param>
/// <param name="EndReason">How the conversation ended (agent, caller, machine, a provider failure, …).</param>
internal sealed record VoiceCallSummary(
    int Turns,
    int InterruptedReplies,
    int FalseInterruptions,
    decimal AiSeconds,
    AnsweringMachineResult Machine,
    int? AnswerToFirstAudioMs,
    string EndReason);
