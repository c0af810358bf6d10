namespace EslKit.AudioStream;

/// <summary>
/// Why a session ended (<see cref="AudioStreamSession.CloseReason"/>; the <c>reason</c> tag of the
/// <c>eslkit.audiostream.closes</c> metric, in snake case). Each one is logged with its own event id.
/// </summary>
public enum AudioStreamCloseReason
{
    /// <summary>The application ended it: its handler returned, or it called <see cref="AudioStreamSession.CloseAsync"/>.</summary>
    Application,

    /// <summary>The client closed it with a close frame (mod_audio_stream's <c>stop</c>, or the channel hung up); we echoed the close.</summary>
    ClientClosed,

    /// <summary>The application's admission refused the call (unknown call id, by default <see cref="AudioStreamCloseStatus.UnknownCall"/>).</summary>
    AdmissionRejected,

    /// <summary>The application rejected the metadata (<see cref="AudioStreamCloseStatus.MetadataRejected"/> by default).</summary>
    MetadataRejected,

    /// <summary>No metadata arrived in time (<see cref="AudioStreamCloseStatus.MetadataTimeout"/>).</summary>
    MetadataTimeout,

    /// <summary>An audio frame had the wrong size (<see cref="AudioStreamCloseStatus.InvalidFrame"/>).</summary>
    InvalidFrame,

    /// <summary>A message exceeded <see cref="AudioStreamOptions.MaxMessageBytes"/> (<see cref="AudioStreamCloseStatus.MessageTooBig"/>).</summary>
    MessageTooBig,

    /// <summary>The client broke the WebSocket protocol (for example a text frame that is not UTF-8); the runtime closed with 1002 or 1007.</summary>
    ProtocolError,

    /// <summary>The client stopped reading: a send did not complete within <see cref="AudioStreamOptions.SendTimeout"/>, so the connection was aborted.</summary>
    SendTimeout,

    /// <summary>The client did not answer a keep-alive ping within <see cref="AudioStreamOptions.KeepAliveTimeout"/>; the connection was aborted.</summary>
    KeepAliveTimeout,

    /// <summary>The connection dropped without a close frame (TCP reset, process killed, network lost).</summary>
    ConnectionLost,

    /// <summary>A newer connection for the same call replaced this one (<see cref="AudioStreamCloseStatus.Replaced"/>).</summary>
    Replaced,

    /// <summary>The call already had a live session and this connection was refused (<see cref="AudioStreamCloseStatus.DuplicateRefused"/>).</summary>
    DuplicateRefused,

    /// <summary>The server is stopping (<see cref="AudioStreamCloseStatus.ServerStopping"/>).</summary>
    ServerStopping,

    /// <summary>The application's handler threw (<see cref="AudioStreamCloseStatus.HandlerFailed"/>); the exception is logged.</summary>
    HandlerFailed,
}
