namespace EslKit.Controller.Calls;

/// <summary>Answered calls (configuration section <c>Calls</c>).</summary>
internal sealed class CallsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Calls";

    /// <summary>
    /// The port of the controller's HTTP server, where the audio WebSocket (<c>/audio/&lt;call id&gt;</c>) is served;
    /// used for the default audio URL a node is given (<c>ws://&lt;ControllerAddress&gt;:&lt;port&gt;/audio</c>). Default
    /// 5080, the server's default address (<c>http://127.0.0.1:5080</c>, shared with the HTTP API).
    /// </summary>
    public int AudioStreamPort { get; set; } = 5080;

    /// <summary>Whether answered calls start mod_audio_stream (<c>uuid_audio_stream … start</c>).</summary>
    public bool StartAudioStream { get; set; } = true;

    /// <summary>The longest an answered call may last before the controller hangs it up (1 s to 1 day).</summary>
    public int MaxCallSeconds { get; set; } = 3600;

    /// <summary>
    /// How long a hangup heard on a node's inbound connection waits when the call is not this instance's (another
    /// instance placed it, and writes its end). After the wait, ends already written and settled are dropped in one
    /// query for the batch; the rest (their instance died) are written here. 0 writes every one at once (0–60000).
    /// </summary>
    public int ForeignHangupDelayMilliseconds { get; set; } = 2000;
}
