using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Calls;

/// <summary>Log messages of answered calls and call ends (event ids 51xx). Ids, nodes, causes and reasons only.</summary>
internal static partial class CallsLog
{
    [LoggerMessage(5101, LogLevel.Information, "Call {CallId} attempt {Attempt} answered (channel {ChannelId}, node {Node})")]
    public static partial void Answered(ILogger logger, Guid callId, int attempt, Guid channelId, string node);

    [LoggerMessage(5102, LogLevel.Warning, "Outbound session for channel {ChannelId} carries no eslkit call: closing it")]
    public static partial void NotOurs(ILogger logger, Guid channelId);

    [LoggerMessage(5103, LogLevel.Warning, "Call {CallId} attempt {Attempt}: the audio stream did not start ({Reason}); the call goes on without it")]
    public static partial void AudioStreamFailed(ILogger logger, Guid callId, int attempt, string reason);

    [LoggerMessage(5104, LogLevel.Debug, "Call {CallId} attempt {Attempt}: audio stream started to {Url}")]
    public static partial void AudioStreamStarted(ILogger logger, Guid callId, int attempt, string url);

    [LoggerMessage(5105, LogLevel.Information, "Call {CallId} attempt {Attempt} ended: {Cause}, billsec {Billsec} (heard on {Source})")]
    public static partial void Ended(ILogger logger, Guid callId, int attempt, string cause, int billsec, string source);

    [LoggerMessage(5106, LogLevel.Debug, "Call {CallId} attempt {Attempt}: leg {ChannelId} failed over to the next leg ({Cause})")]
    public static partial void FailedOver(ILogger logger, Guid callId, int attempt, Guid channelId, string cause);

    [LoggerMessage(5107, LogLevel.Error, "Call {CallId} attempt {Attempt}: writing the end from {Source} failed")]
    public static partial void RecordFailed(ILogger logger, Guid callId, int attempt, string source, Exception exception);

    [LoggerMessage(5108, LogLevel.Warning, "Call {CallId} attempt {Attempt}: the session was not subscribed to playback and audio stream events ({Reason})")]
    public static partial void NotSubscribed(ILogger logger, Guid callId, int attempt, string reason);

    [LoggerMessage(5109, LogLevel.Warning, "Call {CallId} attempt {Attempt}: mod_audio_stream reported {Subclass}")]
    public static partial void AudioStreamEvent(ILogger logger, Guid callId, int attempt, string subclass);

    [LoggerMessage(5110, LogLevel.Error, "Call {CallId} attempt {Attempt}: the conversation failed")]
    public static partial void ConversationFailed(ILogger logger, Guid callId, int attempt, Exception exception);

    [LoggerMessage(5111, LogLevel.Information, "Call {CallId} attempt {Attempt} reached its longest allowed duration ({Seconds} s): hanging up")]
    public static partial void TooLong(ILogger logger, Guid callId, int attempt, int seconds);

    [LoggerMessage(5112, LogLevel.Warning, "Hangup events waiting to be written: {Count}")]
    public static partial void Backlog(ILogger logger, int count);
}
