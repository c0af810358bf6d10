using System.Net.WebSockets;

namespace EslKit.AudioStream;

/// <summary>
/// The application's answer to a new connection (<see cref="AudioStreamHandler{TCall}.AdmitAsync"/>), made with the
/// handler's <c>Accept</c>, <c>RejectUnknownCall</c> or <c>Reject</c>: accept it for a call, or reject it with a close code and reason that mod_audio_stream reports in its
/// <c>mod_audio_stream::disconnect</c> event.
/// </summary>
/// <typeparam name="TCall">What the application knows about a call (its own call object).</typeparam>
public readonly struct AudioStreamAdmission<TCall>
{
    private AudioStreamAdmission(bool accepted, string? callId, TCall? call, AudioStreamFormat? format, WebSocketCloseStatus status, string? reason)
    {
        IsAccepted = accepted;
        CallId = callId;
        Call = call;
        Format = format;
        CloseStatus = status;
        Reason = reason;
    }

    /// <summary>Whether the connection is accepted.</summary>
    public bool IsAccepted { get; }

    /// <summary>The call's id when accepted: the key under which one session per call is kept (see <see cref="AudioStreamDuplicatePolicy"/>).</summary>
    public string? CallId { get; }

    /// <summary>The application's call when accepted (<see cref="AudioStreamSession{TCall}.Call"/>).</summary>
    public TCall? Call { get; }

    /// <summary>The stream's format when it differs from <see cref="AudioStreamOptions.Format"/>; null for the endpoint's.</summary>
    public AudioStreamFormat? Format { get; }

    /// <summary>The close code when rejected.</summary>
    public WebSocketCloseStatus CloseStatus { get; }

    /// <summary>The close reason when rejected.</summary>
    public string? Reason { get; }

    /// <summary>Accepts the connection for a call (handlers use <c>Accept</c> of <see cref="AudioStreamHandler{TCall}"/>).</summary>
    /// <param name="callId">The call's id (not empty).</param>
    /// <param name="call">The application's call.</param>
    /// <param name="format">The stream's format, when not the endpoint's.</param>
    /// <exception cref="ArgumentException">The id is empty, or the format is not one the module produces.</exception>
    internal static AudioStreamAdmission<TCall> Accept(string callId, TCall call, AudioStreamFormat? format = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        format?.Validate(nameof(format));
        return new(true, callId, call, format, WebSocketCloseStatus.NormalClosure, null);
    }

    /// <summary>Rejects the connection (handlers use <c>Reject</c> and <c>RejectUnknownCall</c> of <see cref="AudioStreamHandler{TCall}"/>): the WebSocket is accepted and closed at once with this code and reason.</summary>
    /// <param name="status">1000, 1008 or 4000–4999 (<see cref="AudioStreamCloseStatus.UnknownCall"/> for a call the application does not know).</param>
    /// <param name="reason">At most 123 bytes of UTF-8; reaches FreeSWITCH's event, so keep secrets out.</param>
    /// <exception cref="ArgumentOutOfRangeException">The code is not one an application may send, or the reason is too long.</exception>
    internal static AudioStreamAdmission<TCall> Reject(WebSocketCloseStatus status, string reason)
    {
        CloseArguments.Validate(status, reason);
        return new(false, null, default, null, status, reason);
    }
}
