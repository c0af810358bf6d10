using System.Net.WebSockets;

namespace EslKit.AudioStream;

/// <summary>
/// The close codes an audio stream endpoint sends. mod_audio_stream reports the code and reason it receives in
/// its <c>mod_audio_stream::disconnect</c> event (<c>{"status":"disconnected","message":{"code":…,"reason":…}}</c>),
/// so the ESL side of the call can tell why the stream ended. Application decisions use the private range
/// (4000–4999), modelled on HTTP status codes.
/// </summary>
public static class AudioStreamCloseStatus
{
    /// <summary>1000: the session ended normally (the handler returned, or the client closed and we echoed).</summary>
    public const WebSocketCloseStatus Normal = WebSocketCloseStatus.NormalClosure;

    /// <summary>1001: the server is stopping.</summary>
    public const WebSocketCloseStatus ServerStopping = WebSocketCloseStatus.EndpointUnavailable;

    /// <summary>1007: an audio frame whose size is not whole samples or whole 20 ms frames of the stream's format.</summary>
    public const WebSocketCloseStatus InvalidFrame = WebSocketCloseStatus.InvalidPayloadData;

    /// <summary>1009: a message larger than <see cref="AudioStreamOptions.MaxMessageBytes"/>.</summary>
    public const WebSocketCloseStatus MessageTooBig = WebSocketCloseStatus.MessageTooBig;

    /// <summary>1011: the application's handler threw.</summary>
    public const WebSocketCloseStatus HandlerFailed = WebSocketCloseStatus.InternalServerError;

    /// <summary>4000: a newer connection for the same call replaced this one (<see cref="AudioStreamDuplicatePolicy.ReplaceExisting"/>).</summary>
    public const WebSocketCloseStatus Replaced = (WebSocketCloseStatus)4000;

    /// <summary>4003: the application rejected the metadata (the default code of <see cref="AudioStreamDecision.Reject(string)"/>).</summary>
    public const WebSocketCloseStatus MetadataRejected = (WebSocketCloseStatus)4003;

    /// <summary>4004: the application does not know the call (the default code of <see cref="AudioStreamHandler{TCall}.RejectUnknownCall"/>).</summary>
    public const WebSocketCloseStatus UnknownCall = (WebSocketCloseStatus)4004;

    /// <summary>4008: no metadata text frame arrived within <see cref="AudioStreamOptions.MetadataTimeout"/>.</summary>
    public const WebSocketCloseStatus MetadataTimeout = (WebSocketCloseStatus)4008;

    /// <summary>4009: the call already has a live session and the endpoint refuses a second (<see cref="AudioStreamDuplicatePolicy.RefuseNew"/>).</summary>
    public const WebSocketCloseStatus DuplicateRefused = (WebSocketCloseStatus)4009;

    /// <summary>Whether an application may close with <paramref name="status"/>: 1000, 1008 (policy violation) or 4000–4999.</summary>
    public static bool IsAllowedForApplication(WebSocketCloseStatus status) =>
        status is WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.PolicyViolation || ((int)status is >= 4000 and <= 4999);
}
