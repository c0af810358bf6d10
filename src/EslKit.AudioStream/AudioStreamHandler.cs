using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace EslKit.AudioStream;

/// <summary>
/// The application's side of an audio stream endpoint (<c>app.MapAudioStream("/audio/{callId}", handler)</c>). For
/// each connection mod_audio_stream opens: <see cref="AdmitAsync"/> decides which call it belongs to (or rejects
/// it), <see cref="AcceptMetadataAsync"/> checks the metadata text frame, and <see cref="RunAsync"/> consumes the
/// audio and talks back. One instance serves every connection of its endpoint, concurrently.
/// </summary>
/// <typeparam name="TCall">What the application knows about a call (its own call object), handed to the session.</typeparam>
public abstract class AudioStreamHandler<TCall>
{
    /// <summary>
    /// Decides whether the new connection belongs to a call the application knows, typically from the route
    /// (<c>context.GetRouteValue("callId")</c>). Runs after the WebSocket upgrade and before any message is read,
    /// so a rejection is a close code that FreeSWITCH reports in <c>mod_audio_stream::disconnect</c>.
    /// </summary>
    /// <param name="context">The upgrade request (route values, headers, connection).</param>
    /// <param name="cancellationToken">Cancelled when the connection drops.</param>
    /// <returns><see cref="Accept"/>, <see cref="RejectUnknownCall"/> or <see cref="Reject"/>.</returns>
    public abstract ValueTask<AudioStreamAdmission<TCall>> AdmitAsync(HttpContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Checks the metadata (when <see cref="AudioStreamOptions.RequireMetadata"/> is on, the default) before
    /// <see cref="RunAsync"/>; the default accepts anything. Audio frames that arrived first wait in the frame queue.
    /// </summary>
    /// <param name="session">The session (its <see cref="AudioStreamSession{TCall}.Call"/> is set).</param>
    /// <param name="metadata">The metadata text, parsed when it is JSON.</param>
    /// <param name="cancellationToken">Cancelled when the session closes.</param>
    /// <returns><see cref="AudioStreamDecision.Accept"/> or a rejection (closes with its code, 4003 by default).</returns>
    public virtual ValueTask<AudioStreamDecision> AcceptMetadataAsync(AudioStreamSession<TCall> session, AudioStreamMetadata metadata, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AudioStreamDecision.Accept);

    /// <summary>
    /// Runs the stream: read <see cref="AudioStreamSession.Frames"/> (dispose each frame), send with
    /// <see cref="AudioStreamSession.SendStreamAudioAsync(ReadOnlySpan{byte}, int, CancellationToken)"/>. When it returns the session closes with 1000
    /// (unless already closed); if it throws, the exception is logged and the session closes with 1011. It runs for
    /// every admitted session whose metadata was accepted, even one the client has already closed (a short stream):
    /// the token is then cancelled and <see cref="AudioStreamSession.Frames"/> still holds what arrived.
    /// </summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">
    /// <see cref="AudioStreamSession.ClosedToken"/>: cancelled when the stream ends for any reason (client close, drop,
    /// replacement, server stop). Return promptly when it fires.
    /// </param>
    public abstract Task RunAsync(AudioStreamSession<TCall> session, CancellationToken cancellationToken);

    /// <summary>Accepts the connection for a call.</summary>
    /// <param name="callId">The call's id: one live session per id (see <see cref="AudioStreamOptions.DuplicatePolicy"/>).</param>
    /// <param name="call">The application's call.</param>
    /// <param name="format">The stream's format when it differs from the endpoint's.</param>
    protected static AudioStreamAdmission<TCall> Accept(string callId, TCall call, AudioStreamFormat? format = null) =>
        AudioStreamAdmission<TCall>.Accept(callId, call, format);

    /// <summary>Rejects a connection for a call the application does not know: close <see cref="AudioStreamCloseStatus.UnknownCall"/> (4004).</summary>
    /// <param name="reason">The close reason (at most 123 bytes of UTF-8).</param>
    protected static AudioStreamAdmission<TCall> RejectUnknownCall(string reason = "unknown call") =>
        AudioStreamAdmission<TCall>.Reject(AudioStreamCloseStatus.UnknownCall, reason);

    /// <summary>Rejects the connection with a close code (1000, 1008 or 4000–4999) and reason.</summary>
    protected static AudioStreamAdmission<TCall> Reject(WebSocketCloseStatus status, string reason) =>
        AudioStreamAdmission<TCall>.Reject(status, reason);
}
