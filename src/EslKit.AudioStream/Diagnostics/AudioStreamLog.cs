using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace EslKit.AudioStream.Diagnostics;

/// <summary>
/// Every log line EslKit.AudioStream writes (category <c>EslKit.AudioStream</c>), with fixed event ids 1200–1299.
/// None carries audio or metadata text (metadata may hold personal data): only sizes, ids and codes.
/// </summary>
internal static partial class AudioStreamLog
{
    [LoggerMessage(1200, LogLevel.Information, "Audio stream for call {CallId} started on {Path} from {Peer} ({Format})")]
    public static partial void SessionStarted(ILogger logger, string callId, string path, string peer, AudioStreamFormat format);

    [LoggerMessage(1201, LogLevel.Information, "Audio stream for call {CallId} ended: {Reason}, close {CloseStatus} after {Seconds:0.0} s, {Frames} frames received, {Dropped} dropped")]
    public static partial void SessionEnded(ILogger logger, string callId, AudioStreamCloseReason reason, int closeStatus, double seconds, long frames, long dropped);

    [LoggerMessage(1202, LogLevel.Debug, "Refused a request to {Path} from {Peer}: not a WebSocket upgrade (HTTP 400)")]
    public static partial void NotWebSocket(ILogger logger, string path, string peer);

    [LoggerMessage(1203, LogLevel.Warning, "Refused an audio stream to {Path} from {Peer}: {Max} sessions already open (HTTP 503)")]
    public static partial void Busy(ILogger logger, string path, string peer, int max);

    [LoggerMessage(1204, LogLevel.Warning, "Refused an audio stream to {Path} from {Peer}: {Description} (close {CloseStatus})")]
    public static partial void AdmissionRejected(ILogger logger, string path, string peer, string description, int closeStatus);

    [LoggerMessage(1205, LogLevel.Warning, "Audio stream for call {CallId}: metadata rejected ({MetadataBytes} bytes): {Description} (close {CloseStatus})")]
    public static partial void MetadataRejected(ILogger logger, string callId, int metadataBytes, string description, int closeStatus);

    [LoggerMessage(1206, LogLevel.Warning, "Audio stream for call {CallId}: no metadata within {TimeoutMs} ms ({Frames} frames received); closing")]
    public static partial void MetadataTimeout(ILogger logger, string callId, double timeoutMs, long frames);

    [LoggerMessage(1207, LogLevel.Warning, "Audio stream for call {CallId}: frame {Sequence} has {Bytes} bytes, not a whole number of {Unit}-byte units of {Format}; closing")]
    public static partial void InvalidFrame(ILogger logger, string callId, long sequence, int bytes, int unit, AudioStreamFormat format);

    [LoggerMessage(1208, LogLevel.Warning, "Audio stream for call {CallId}: a {Type} message exceeded {Limit} bytes; closing")]
    public static partial void MessageTooBig(ILogger logger, string callId, WebSocketMessageType type, int limit);

    [LoggerMessage(1209, LogLevel.Warning, "Audio stream for call {CallId}: a send did not complete within {TimeoutMs} ms (the client stopped reading); aborting the connection")]
    public static partial void SendTimedOut(ILogger logger, string callId, double timeoutMs);

    [LoggerMessage(1210, LogLevel.Warning, "Audio stream for call {CallId}: connection lost ({Error})")]
    public static partial void ConnectionLost(ILogger logger, string callId, string error, Exception? exception);

    [LoggerMessage(1211, LogLevel.Information, "Audio stream for call {CallId} replaced by a newer connection from {Peer}")]
    public static partial void Replaced(ILogger logger, string callId, string peer);

    [LoggerMessage(1212, LogLevel.Warning, "Refused a second audio stream for call {CallId} from {Peer}: the call already has one")]
    public static partial void DuplicateRefused(ILogger logger, string callId, string peer);

    [LoggerMessage(1213, LogLevel.Error, "The audio stream handler failed for call {CallId} on {Path}; closing with 1011")]
    public static partial void HandlerFailed(ILogger logger, string callId, string path, Exception exception);

    [LoggerMessage(1214, LogLevel.Warning, "Audio stream for call {CallId}: frame queue full ({Capacity} frames), dropping frames ({Mode}); the total is logged when the stream ends")]
    public static partial void FramesDropping(ILogger logger, string callId, int capacity, AudioFrameQueueFullMode mode);

    [LoggerMessage(1215, LogLevel.Debug, "Audio stream for call {CallId}: the client closed with {CloseStatus} '{Description}'")]
    public static partial void ClientClosed(ILogger logger, string callId, int closeStatus, string description);

    [LoggerMessage(1216, LogLevel.Warning, "Audio stream for call {CallId}: protocol error ({Error}); closing")]
    public static partial void ProtocolError(ILogger logger, string callId, string error, Exception exception);

    [LoggerMessage(1217, LogLevel.Warning, "Audio stream for call {CallId}: no close answer within {TimeoutMs} ms; aborting the connection")]
    public static partial void CloseTimedOut(ILogger logger, string callId, double timeoutMs);

    [LoggerMessage(1218, LogLevel.Warning, "Audio stream for call {CallId}: no pong within the keep-alive timeout; connection aborted")]
    public static partial void KeepAliveTimedOut(ILogger logger, string callId, Exception exception);

    [LoggerMessage(1219, LogLevel.Warning, "Audio stream for call {CallId}: send queue full ({Messages} messages, {Bytes} bytes waiting); send refused")]
    public static partial void SendQueueFull(ILogger logger, string callId, int messages, long bytes);

    [LoggerMessage(1220, LogLevel.Warning, "Audio stream for call {CallId}: text queue full ({Capacity} messages); dropped the oldest")]
    public static partial void TextDropped(ILogger logger, string callId, int capacity);

    [LoggerMessage(1221, LogLevel.Information, "Audio stream for call {CallId}: closing, server stopping")]
    public static partial void ServerStopping(ILogger logger, string callId);

    [LoggerMessage(1222, LogLevel.Warning, "Audio stream to {Path} from {Peer}: the WebSocket handshake failed")]
    public static partial void HandshakeFailed(ILogger logger, string path, string peer, Exception exception);

    [LoggerMessage(1223, LogLevel.Warning, "Audio stream for call {CallId}: the replaced session's handler did not end within {TimeoutMs} ms; starting the new handler anyway")]
    public static partial void ReplacedHandlerSlow(ILogger logger, string callId, double timeoutMs);
}
