namespace EslKit.Testing;

/// <summary>Where an emulated mod_audio_stream stream is (<see cref="EslEmulatorAudioStreamSession.State"/>).</summary>
public enum EslAudioStreamState
{
    /// <summary>The WebSocket is being opened.</summary>
    Connecting,

    /// <summary>Open: metadata sent, audio flowing (unless paused).</summary>
    Connected,

    /// <summary>The connection failed (CUSTOM <c>mod_audio_stream::error</c>); the stream is gone.</summary>
    Failed,

    /// <summary>The server closed it (CUSTOM <c>mod_audio_stream::disconnect</c>); <c>stop</c> still cleans up.</summary>
    Disconnected,

    /// <summary>Stopped (<c>uuid_audio_stream … stop</c>) or ended with the call: closed by the module, no event.</summary>
    Closed,
}
