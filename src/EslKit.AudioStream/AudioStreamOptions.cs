namespace EslKit.AudioStream;

/// <summary>
/// How an audio stream endpoint accepts, buffers and closes mod_audio_stream's connections. Defaults come from
/// <c>services.AddAudioStream(…)</c> (or <c>Configure&lt;AudioStreamOptions&gt;</c>); each
/// <c>MapAudioStream</c> may change them for its own endpoint.
/// </summary>
public sealed class AudioStreamOptions
{
    /// <summary>
    /// The audio the streams carry unless admission says otherwise (default <see cref="AudioStreamFormat.Mono16k"/>,
    /// what <c>mono 16k</c> produces): frame sizes are checked against it.
    /// </summary>
    public AudioStreamFormat Format { get; set; } = AudioStreamFormat.Mono16k;

    /// <summary>
    /// Require every binary frame to be a whole number of 20 ms frames of <see cref="Format"/> (default true; the
    /// module sends 20 ms, or a multiple with <c>STREAM_BUFFER_SIZE</c>). A frame that is not whole samples is
    /// refused either way. Refused frames close the session with <see cref="AudioStreamCloseStatus.InvalidFrame"/>.
    /// </summary>
    public bool RequireWholeFrames { get; set; } = true;

    /// <summary>
    /// Largest message accepted, binary or text (default 64 KiB: two seconds of 16 kHz stereo). A larger one closes
    /// the session with <see cref="AudioStreamCloseStatus.MessageTooBig"/> before more than this is buffered.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Audio frames buffered between the socket and the handler (default 50: one second of 20 ms frames).</summary>
    public int FrameQueueCapacity { get; set; } = 50;

    /// <summary>What happens to a frame that finds the frame queue full (default <see cref="AudioFrameQueueFullMode.DropOldest"/>).</summary>
    public AudioFrameQueueFullMode FrameQueueFullMode { get; set; } = AudioFrameQueueFullMode.DropOldest;

    /// <summary>
    /// Hand a frame to a handler that is waiting for one on the session's receive path (default true): the
    /// handler's code up to its next <c>await</c> runs there, with no thread-pool hop — less CPU per frame and no
    /// allocation. A handler that does long synchronous work per frame delays the next read of its own stream
    /// (TCP holds the audio meanwhile); set false to keep reading while it works, the frame queue and
    /// <see cref="FrameQueueFullMode"/> then absorbing the difference.
    /// </summary>
    public bool DeliverFramesInline { get; set; } = true;

    /// <summary>Text messages after the metadata buffered for the handler (default 16); when full the oldest is dropped and counted.</summary>
    public int TextQueueCapacity { get; set; } = 16;

    /// <summary>
    /// Wait for the metadata text frame before the handler runs (default true). The frames that arrive first
    /// (mod_audio_stream sometimes sends audio before its metadata) are queued and delivered in order.
    /// When false the handler runs at once and <see cref="AudioStreamSession.Metadata"/> fills in later, unchecked.
    /// </summary>
    public bool RequireMetadata { get; set; } = true;

    /// <summary>How long to wait for the metadata (default 5 s); past it the session closes with <see cref="AudioStreamCloseStatus.MetadataTimeout"/>.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages waiting to be sent, beyond which a send is refused with <see cref="AudioStreamSendQueueFullException"/> (default 32).</summary>
    public int SendQueueCapacity { get; set; } = 32;

    /// <summary>Bytes waiting to be sent, beyond which a send is refused with <see cref="AudioStreamSendQueueFullException"/> (default 16 MiB).</summary>
    public int MaxQueuedSendBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Time one message may take to reach the socket (default 10 s). Past it the client is taken as no longer
    /// reading: the connection is aborted (<see cref="AudioStreamCloseReason.SendTimeout"/>) so nothing piles up.
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time the client gets to answer our close frame (default 5 s) before the connection is aborted; also how long
    /// a replacing session waits for the replaced session's handler.
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Interval of the server's WebSocket pings (default 15 s); <see cref="TimeSpan.Zero"/> sends none.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Time the client gets to answer a ping with a pong (default 15 s) before the connection is aborted
    /// (<see cref="AudioStreamCloseReason.KeepAliveTimeout"/>): how a silently vanished peer is found while audio is
    /// paused. <see cref="Timeout.InfiniteTimeSpan"/> only pings.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>What a second connection for a call with a live session does (default <see cref="AudioStreamDuplicatePolicy.ReplaceExisting"/>).</summary>
    public AudioStreamDuplicatePolicy DuplicatePolicy { get; set; } = AudioStreamDuplicatePolicy.ReplaceExisting;

    /// <summary>Most sessions at once on one endpoint (default 10,000); a connection past it gets HTTP 503 before the upgrade.</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>
    /// The route value that names the call for the delegate form of <c>MapAudioStream</c> (default <c>callId</c>, as in
    /// <c>/audio/{callId}</c>); a request without it is rejected with <see cref="AudioStreamCloseStatus.UnknownCall"/>.
    /// </summary>
    public string CallIdRouteValue { get; set; } = "callId";

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the exception names it.</exception>
    public void Validate()
    {
        Format.Validate(nameof(Format));
        AtLeast(MaxMessageBytes, 2, nameof(MaxMessageBytes));
        if (RequireWholeFrames && MaxMessageBytes < Format.BytesPer20Milliseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageBytes), MaxMessageBytes, $"A 20 ms frame of {Format} ({Format.BytesPer20Milliseconds} bytes) must fit.");
        }

        AtLeast(FrameQueueCapacity, 1, nameof(FrameQueueCapacity));
        AtLeast(TextQueueCapacity, 1, nameof(TextQueueCapacity));
        AtLeast(SendQueueCapacity, 1, nameof(SendQueueCapacity));
        AtLeast(MaxQueuedSendBytes, 1024, nameof(MaxQueuedSendBytes));
        AtLeast(MaxSessions, 1, nameof(MaxSessions));
        if (!Enum.IsDefined(FrameQueueFullMode))
        {
            throw new ArgumentOutOfRangeException(nameof(FrameQueueFullMode), FrameQueueFullMode, "Unknown mode.");
        }

        if (!Enum.IsDefined(DuplicatePolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(DuplicatePolicy), DuplicatePolicy, "Unknown policy.");
        }

        Positive(MetadataTimeout, nameof(MetadataTimeout));
        Positive(SendTimeout, nameof(SendTimeout));
        Positive(CloseTimeout, nameof(CloseTimeout));
        if (KeepAliveInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), KeepAliveInterval, "Use TimeSpan.Zero to send no pings.");
        }

        if (KeepAliveTimeout != Timeout.InfiniteTimeSpan)
        {
            Positive(KeepAliveTimeout, nameof(KeepAliveTimeout));
        }

        if (string.IsNullOrWhiteSpace(CallIdRouteValue))
        {
            throw new ArgumentOutOfRangeException(nameof(CallIdRouteValue), CallIdRouteValue, "A route value name is required.");
        }
    }

    internal AudioStreamOptions Clone() => (AudioStreamOptions)MemberwiseClone();

    private static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}.");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        // Timers take at most int.MaxValue milliseconds; longer is a configuration mistake, not a wish.
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and at most {int.MaxValue} ms.");
        }
    }
}
