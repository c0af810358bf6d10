namespace EslKit.AudioStream;

/// <summary>
/// What an endpoint does when a second connection is admitted for a call that already has a live session
/// (same call id from <see cref="AudioStreamHandler{TCall}.AdmitAsync"/>): mod_audio_stream reconnecting after
/// a drop our side has not noticed yet, or the controller restarting the stream.
/// </summary>
public enum AudioStreamDuplicatePolicy
{
    /// <summary>
    /// The newer connection wins (the default): the older session is closed with
    /// <see cref="AudioStreamCloseStatus.Replaced"/> (4000) and its handler's token cancelled, and the new
    /// session's handler starts once the old handler has returned (or after
    /// <see cref="AudioStreamOptions.CloseTimeout"/>), so one handler at a time runs per call.
    /// </summary>
    ReplaceExisting,

    /// <summary>The existing session keeps the call; the new connection is closed with <see cref="AudioStreamCloseStatus.DuplicateRefused"/> (4009).</summary>
    RefuseNew,
}
