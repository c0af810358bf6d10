namespace EslKit.Controller.Calls;

/// <summary>Answered calls (configuration section <c>Calls</c>).</summary>
internal sealed class CallsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Calls";

    /// <summary>
    /// The port of the controller's HTTP server, where the audio WebSocket (<c>/audio/&lt;call id&gt;</c>) is served;
    /// used for the default audio URL a node is given (<c>ws://&lt;ControllerAddress&gt;:&lt;port&gt;/audio</c>).
    /// </summary>
    public int AudioStreamPort { get; set; } = 5000;

    /// <summary>Whether answered calls start mod_audio_stream (<c>uuid_audio_stream … start</c>).</summary>
    public bool StartAudioStream { get; set; } = true;

    /// <summary>The longest an answered call may last before the controller hangs it up (1 s to 1 day).</summary>
    public int MaxCallSeconds { get; set; } = 3600;
}
