using Microsoft.Extensions.Logging;

namespace EslKit.Diagnostics;

/// <summary>Every log line EslKit writes, with fixed event ids. None of them takes a secret.</summary>
internal static partial class EslLog
{
    [LoggerMessage(1000, LogLevel.Information, "Connected to FreeSWITCH at {Endpoint}")]
    public static partial void Connected(ILogger logger, string endpoint);

    [LoggerMessage(1001, LogLevel.Warning, "Connection to FreeSWITCH at {Endpoint} lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string endpoint, string reason, Exception? exception);

    [LoggerMessage(1002, LogLevel.Information, "Reconnecting to FreeSWITCH at {Endpoint} in {DelayMs} ms (attempt {Attempt})")]
    public static partial void Reconnecting(ILogger logger, string endpoint, long delayMs, int attempt);

    [LoggerMessage(1003, LogLevel.Warning, "Connecting to FreeSWITCH at {Endpoint} failed: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string endpoint, string reason, Exception? exception);

    [LoggerMessage(1004, LogLevel.Warning, "No HEARTBEAT from FreeSWITCH at {Endpoint} for {Seconds} s; reconnecting")]
    public static partial void HeartbeatMissed(ILogger logger, string endpoint, double seconds);

    [LoggerMessage(1005, LogLevel.Information, "Closed the connection to FreeSWITCH at {Endpoint}")]
    public static partial void Closed(ILogger logger, string endpoint);

    [LoggerMessage(1006, LogLevel.Debug, "FreeSWITCH at {Endpoint} sent a disconnect notice ({Disposition})")]
    public static partial void DisconnectNotice(ILogger logger, string endpoint, string disposition);

    [LoggerMessage(1010, LogLevel.Warning, "Subscriber buffer full: dropped {Count} event(s) so far ({Subscription}, mode {Mode})")]
    public static partial void EventsDropped(ILogger logger, long count, string subscription, string mode);

    [LoggerMessage(1011, LogLevel.Warning, "Ignored a malformed event from FreeSWITCH at {Endpoint}")]
    public static partial void MalformedEvent(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(1012, LogLevel.Warning, "FreeSWITCH at {Endpoint} sent a reply that no command was waiting for")]
    public static partial void UnexpectedReply(ILogger logger, string endpoint);

    [LoggerMessage(1013, LogLevel.Debug, "Ignored a {ContentType} frame from FreeSWITCH at {Endpoint}")]
    public static partial void IgnoredFrame(ILogger logger, string contentType, string endpoint);

    [LoggerMessage(1014, LogLevel.Debug, "BACKGROUND_JOB {JobUuid} matched no pending bgapi")]
    public static partial void UnmatchedJob(ILogger logger, Guid jobUuid);

    [LoggerMessage(1015, LogLevel.Error, "A handler (of events or of state changes) failed on the connection to {Endpoint}")]
    public static partial void HandlerFailed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(1016, LogLevel.Warning, "Could not stop events no stream wants any more on the connection to {Endpoint}; they keep arriving and are dropped")]
    public static partial void EventsNotStopped(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(1100, LogLevel.Information, "Outbound server listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string endPoint);

    [LoggerMessage(1101, LogLevel.Warning, "Refused an outbound connection from {Peer}: {Reason}")]
    public static partial void SessionRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(1102, LogLevel.Warning, "Outbound session from {Peer} failed to start")]
    public static partial void SessionStartFailed(ILogger logger, string peer, Exception exception);

    [LoggerMessage(1103, LogLevel.Error, "The handler of outbound session {Session} failed")]
    public static partial void SessionHandlerFailed(ILogger logger, string session, Exception exception);

    [LoggerMessage(1104, LogLevel.Information, "Outbound server stopping: {Count} session(s) to drain")]
    public static partial void Draining(ILogger logger, int count);

    [LoggerMessage(1105, LogLevel.Warning, "Outbound server stopped with {Count} session(s) still running; their connections were closed")]
    public static partial void DrainTimedOut(ILogger logger, int count);

    [LoggerMessage(1106, LogLevel.Warning, "Outbound server could not accept a connection ({Reason}); still listening")]
    public static partial void AcceptFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(1107, LogLevel.Error, "Outbound server stopped while {Count} handler(s) ignored cancellation")]
    public static partial void HandlersIgnoredStop(ILogger logger, int count);

    [LoggerMessage(1020, LogLevel.Warning, "Command timed out after {TimeoutMs} ms: {Command}")]
    public static partial void CommandTimedOut(ILogger logger, double timeoutMs, string command);
}
