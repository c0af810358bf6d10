using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Calls.Voice;

/// <summary>Log messages of the voice pipeline (event ids 57xx). Ids, stages, results and exception types only: never what was said.</summary>
internal static partial class VoiceLog
{
    [LoggerMessage(5701, LogLevel.Warning, "Call {CallId} attempt {Attempt}: mod_audio_stream did not connect within {Seconds} s; the call goes on without a conversation")]
    public static partial void NoAudio(ILogger logger, Guid callId, int attempt, int seconds);

    [LoggerMessage(5702, LogLevel.Information, "Call {CallId} attempt {Attempt}: answering-machine detection says {Result} after {Milliseconds} ms of audio")]
    public static partial void MachineDetection(ILogger logger, Guid callId, int attempt, string result, double milliseconds);

    [LoggerMessage(5703, LogLevel.Debug, "Call {CallId} attempt {Attempt}: turn {Turn} answered in {Milliseconds} ms from the end of speech")]
    public static partial void TurnAnswered(ILogger logger, Guid callId, int attempt, int turn, double milliseconds);

    [LoggerMessage(5704, LogLevel.Debug, "Call {CallId} attempt {Attempt}: barge-in on turn {Turn}, uuid_break answered {Milliseconds} ms after the decision")]
    public static partial void BargeIn(ILogger logger, Guid callId, int attempt, int turn, double milliseconds);

    [LoggerMessage(5705, LogLevel.Error, "Call {CallId} attempt {Attempt}: the {Stage} provider failed ({Error}); apologising and hanging up")]
    public static partial void ProviderFailed(ILogger logger, Guid callId, int attempt, string stage, string error, Exception? exception);

    [LoggerMessage(5706, LogLevel.Warning, "Call {CallId} attempt {Attempt}: the apology could not be played ({Error})")]
    public static partial void ApologyFailed(ILogger logger, Guid callId, int attempt, string error);

    [LoggerMessage(5707, LogLevel.Error, "Call {CallId} attempt {Attempt}: writing the transcript failed")]
    public static partial void TranscriptFailed(ILogger logger, Guid callId, int attempt, Exception exception);

    [LoggerMessage(5708, LogLevel.Warning, "Call {CallId} attempt {Attempt}: uuid_break failed ({Error})")]
    public static partial void BreakFailed(ILogger logger, Guid callId, int attempt, string error);

    [LoggerMessage(5709, LogLevel.Information, "Call {CallId} attempt {Attempt}: conversation over ({Reason}): {Turns} turns, {Interrupted} interrupted replies, {FalseInterruptions} false interruptions")]
    public static partial void Over(ILogger logger, Guid callId, int attempt, string reason, int turns, int interrupted, int falseInterruptions);

    [LoggerMessage(5710, LogLevel.Warning, "Call {CallId} attempt {Attempt}: mod_audio_stream reported {Subclass}")]
    public static partial void StreamEvent(ILogger logger, Guid callId, int attempt, string subclass);
}
