using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>When the linger notice goes out after a channel hangs up on a socket that said <c>linger</c>.</summary>
public enum EslLingerNoticePlacement
{
    /// <summary>
    /// After CHANNEL_HANGUP_COMPLETE: every hangup event reaches the client first (what FreeSWITCH 1.11 did in the
    /// outbound-async-full capture, where the whole hangup ran before its listener looked again).
    /// </summary>
    AfterHangupComplete,

    /// <summary>
    /// Right after CHANNEL_HANGUP, the rest (UNPARK, EXECUTE_COMPLETE, CHANNEL_STATE, CHANNEL_HANGUP_COMPLETE …)
    /// following during the linger (what the 2015 capture session-5 shows): a client must keep reading after the notice.
    /// </summary>
    AfterHangup,

    /// <summary>
    /// After the channel entered CS_HANGUP (CHANNEL_HANGUP, UNPARK, the socket application's EXECUTE_COMPLETE,
    /// CHANNEL_STATE CS_HANGUP), before CS_REPORTING and CHANNEL_HANGUP_COMPLETE: what the call-socket-session capture
    /// shows for a call placed with <c>originate … &amp;socket(…)</c> that the callee hung up.
    /// </summary>
    AfterHangupState,
}

/// <summary>
/// How an emulated call connects outbound, the way FreeSWITCH's <c>socket</c> application does
/// (<c>socket host:port [async] [full]</c>): the socket's modes, the channel's data and what its applications do.
/// Defaults describe an inbound SIP call ringing on <c>sofia/external</c>, as in the outbound-async-full capture.
/// </summary>
/// <remarks>The emulator copies the options when the call starts; changing them afterwards has no effect on it.</remarks>
public sealed class EslOutboundCallOptions
{
    private Dictionary<string, EslEmulatorApplication> _applications = new(StringComparer.OrdinalIgnoreCase);
    private List<KeyValuePair<string, string>> _variables = [];
    private List<KeyValuePair<string, string>> _hangupVariables = [];
    private Dictionary<string, TimeSpan> _playbackDurations = new(StringComparer.Ordinal);

    /// <summary><c>async</c> (true, the default): the channel parks and runs queued <c>sendmsg</c>s itself; <c>static</c> (false): a <c>sendmsg</c> runs on the socket's thread and its <c>+OK</c> comes after the application finished.</summary>
    public bool Async { get; set; } = true;

    /// <summary><c>full</c> (true, the default): api, bgapi, event, linger, log, sendevent … are allowed; otherwise (<c>single-channel</c>) they answer <c>-ERR command not found</c>.</summary>
    public bool Full { get; set; } = true;

    /// <summary>The channel's <c>Unique-ID</c>; null takes one from <see cref="EslEmulatorOptions.UuidFactory"/>.</summary>
    public Guid? UniqueId { get; set; }

    /// <summary><c>Channel-Name</c>.</summary>
    public string ChannelName { get; set; } = "sofia/external/0000000000@127.0.0.1";

    /// <summary><c>Call-Direction</c> and the profile's direction: <c>inbound</c> for a call that came in, <c>outbound</c> for one placed by <c>originate … &amp;socket(…)</c>.</summary>
    public string Direction { get; set; } = "inbound";

    /// <summary><c>Caller-Caller-ID-Name</c>.</summary>
    public string CallerIdName { get; set; } = "0000000000";

    /// <summary><c>Caller-Caller-ID-Number</c> (also the profile's username and ANI).</summary>
    public string CallerIdNumber { get; set; } = "0000000000";

    /// <summary><c>Caller-Destination-Number</c>.</summary>
    public string DestinationNumber { get; set; } = "7000";

    /// <summary><c>Caller-Context</c>.</summary>
    public string Context { get; set; } = "public";

    /// <summary>
    /// True when the channel is already answered as the socket connects (an originated call runs its application
    /// after answer): <c>Answer-State: answered</c>, <c>Channel-Call-State: ACTIVE</c> and an answered time.
    /// False (the default): ringing, as in the capture, until an <c>answer</c> application runs.
    /// </summary>
    public bool Answered { get; set; }

    /// <summary>
    /// Variables of the channel (e.g. the origination variables your controller sets), in order, after the ones
    /// FreeSWITCH sets on every channel (<c>direction</c>, <c>uuid</c>, <c>session_id</c>, <c>channel_name</c>) and
    /// before those the socket application sets (<c>call_uuid</c>, <c>current_application_data</c>,
    /// <c>current_application</c>, <c>socket_host</c>). They appear as <c>variable_*</c> headers.
    /// </summary>
    public IList<KeyValuePair<string, string>> Variables => _variables;

    /// <summary>
    /// Variables the endpoint sets when the call ends (mod_sofia's <c>sip_hangup_disposition</c>, RTP statistics …),
    /// after the core's times and durations, so they appear in CHANNEL_HANGUP_COMPLETE. None by default.
    /// </summary>
    public IList<KeyValuePair<string, string>> HangupVariables => _hangupVariables;

    /// <summary>
    /// Handlers for applications run by <c>sendmsg</c> (<c>call-command: execute</c>), by name ignoring case. They
    /// replace the built-in ones (<c>answer</c>, <c>pre_answer</c>, <c>playback</c>, <c>set</c>, <c>unset</c>,
    /// <c>export</c>, <c>sleep</c>, <c>hangup</c>, <c>park</c>, <c>log</c>), which a handler can still run with
    /// <see cref="EslEmulatorApplicationContext.RunBuiltInAsync"/>.
    /// </summary>
    public IDictionary<string, EslEmulatorApplication> Applications => _applications;

    /// <summary>
    /// Runs applications that are neither built in nor in <see cref="Applications"/>. Null (the default) does what
    /// FreeSWITCH does with an unknown application: no execute events, the channel hangs up with
    /// <c>DESTINATION_OUT_OF_ORDER</c>.
    /// </summary>
    public EslEmulatorApplication? DefaultApplication { get; set; }

    /// <summary>
    /// How long the built-in <c>playback</c> plays a file, by its exact argument. A file not listed plays for
    /// <see cref="DefaultPlaybackDuration"/>, except <c>tone_stream://%(on,off,…)</c>, which plays on+off milliseconds.
    /// </summary>
    public IDictionary<string, TimeSpan> PlaybackDurations => _playbackDurations;

    /// <summary>How long the built-in <c>playback</c> plays a file it knows nothing about (default 0).</summary>
    public TimeSpan DefaultPlaybackDuration { get; set; }

    /// <summary>
    /// What this call's caller says once answered (the audio its mod_audio_stream stream carries); null takes the
    /// script of <see cref="DestinationNumber"/> or the default of <see cref="EslEmulatorAudioStreams"/>.
    /// </summary>
    public EslCallerScript? Caller { get; set; }

    // After CHANNEL_HANGUP_COMPLETE a lingering socket is closed (no notice): the originated call's session, as captured.
    internal bool CloseWhenReported { get; set; }

    // The media of the originated leg the socket call takes over (answer time, caller, what was played).
    internal Internal.FsChannelMedia? Media { get; set; }

    // When the channel was answered, when it was before the socket connected (µs); 0 takes the creation time.
    internal long AnsweredAt { get; set; }

    /// <summary>
    /// Runs before the channel handles each <c>sendmsg</c> (after CHANNEL_PARK in async mode), in order. Use it to
    /// pin the clock or sequence numbers per step, or to change variables the endpoint would change meanwhile.
    /// </summary>
    public Func<EslEmulatorOutboundCall, EslReceivedCommand, CancellationToken, ValueTask>? OnMessage { get; set; }

    /// <summary>How long FreeSWITCH waits for <c>connect</c> (25 s); then the goodbye notice and a close.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// In async mode the channel parks (CHANNEL_PARK) once <c>connect</c> arrived: after this delay (default 20 ms),
    /// or as soon as the first <c>sendmsg</c> reaches it if that is earlier. Null parks only when the first message
    /// arrives (deterministic: CHANNEL_PARK then always follows the client's <c>myevents</c>); zero parks before the
    /// connect reply goes out (deterministic too: no subscription the client makes sees CHANNEL_PARK).
    /// </summary>
    public TimeSpan? ParkDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Where the linger notice goes when the channel hangs up (see <see cref="EslLingerNoticePlacement"/>).</summary>
    public EslLingerNoticePlacement LingerNotice { get; set; } = EslLingerNoticePlacement.AfterHangupComplete;

    /// <summary>
    /// What the channel does when the socket closes while it is still up and the client did not send <c>resume</c>:
    /// hang up with this cause (default <c>NORMAL_CLEARING</c>). With <c>resume</c> the channel leaves the socket
    /// application and stays up (hang it up with <see cref="EslEmulatorOutboundCall.HangupAsync"/>).
    /// </summary>
    public string HangupCauseOnSocketClose { get; set; } = "NORMAL_CLEARING";

    /// <summary>The application UUID of the <c>socket</c> application itself (in its CHANNEL_EXECUTE_COMPLETE); null takes one from the uuid factory.</summary>
    public Guid? SocketApplicationUuid { get; set; }

    /// <summary>The <c>socket</c> application's argument; null builds <c>host:port [async] [full]</c> from the target and modes.</summary>
    public string? SocketArguments { get; set; }

    /// <summary><c>Event-Calling-Line-Number</c> of the connect reply (where <c>parse_command</c> fires it: 2029 in FreeSWITCH 1.11, 1875 in 1.4).</summary>
    public int ConnectCallingLine { get; set; } = 2029;

    // A channel layout taken from a capture (FromChannelData): profile fields, basic headers, times.
    internal FsChannelLayout? Layout { get; set; }

    /// <summary>
    /// Options that reproduce a captured call: the channel's profile header set, state, codec, times, every
    /// variable, the socket's modes and the connect reply's calling line, taken from the decoded headers of the
    /// reply FreeSWITCH sent to <c>connect</c>. With the emulator's Core-UUID, hostname, addresses, clock and
    /// <see cref="EslSwitchEmulator.NextEventSequence"/> pinned as well, the emulator sends that reply byte for byte.
    /// </summary>
    /// <exception cref="ArgumentException">The headers are not a connect reply's channel data.</exception>
    public static EslOutboundCallOptions FromChannelData(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var options = new EslOutboundCallOptions();
        FsChannelLayout.Parse([.. headers], options);
        return options;
    }

    internal EslOutboundCallOptions Clone()
    {
        var copy = (EslOutboundCallOptions)MemberwiseClone();
        copy._applications = new Dictionary<string, EslEmulatorApplication>(_applications, StringComparer.OrdinalIgnoreCase);
        copy._variables = [.. _variables];
        copy._hangupVariables = [.. _hangupVariables];
        copy._playbackDurations = new Dictionary<string, TimeSpan>(_playbackDurations, StringComparer.Ordinal);
        return copy;
    }
}
