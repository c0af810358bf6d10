namespace EslKit;

/// <summary>
/// FreeSWITCH's event types (switch_event_types_t) by wire name. A name EslKit does not know is
/// <see cref="Unknown"/>; the event keeps its raw name and is delivered like any other.
/// </summary>
public enum EslEventName
{
    /// <summary>An event name EslKit does not know (see the event's raw name).</summary>
    Unknown = 0,

    /// <summary><c>CUSTOM</c></summary>
    Custom,

    /// <summary><c>CLONE</c></summary>
    Clone,

    /// <summary><c>CHANNEL_CREATE</c></summary>
    ChannelCreate,

    /// <summary><c>CHANNEL_DESTROY</c></summary>
    ChannelDestroy,

    /// <summary><c>CHANNEL_STATE</c></summary>
    ChannelState,

    /// <summary><c>CHANNEL_CALLSTATE</c></summary>
    ChannelCallstate,

    /// <summary><c>CHANNEL_ANSWER</c></summary>
    ChannelAnswer,

    /// <summary><c>CHANNEL_HANGUP</c></summary>
    ChannelHangup,

    /// <summary><c>CHANNEL_HANGUP_COMPLETE</c></summary>
    ChannelHangupComplete,

    /// <summary><c>CHANNEL_EXECUTE</c></summary>
    ChannelExecute,

    /// <summary><c>CHANNEL_EXECUTE_COMPLETE</c></summary>
    ChannelExecuteComplete,

    /// <summary><c>CHANNEL_HOLD</c></summary>
    ChannelHold,

    /// <summary><c>CHANNEL_UNHOLD</c></summary>
    ChannelUnhold,

    /// <summary><c>CHANNEL_BRIDGE</c></summary>
    ChannelBridge,

    /// <summary><c>CHANNEL_UNBRIDGE</c></summary>
    ChannelUnbridge,

    /// <summary><c>CHANNEL_PROGRESS</c></summary>
    ChannelProgress,

    /// <summary><c>CHANNEL_PROGRESS_MEDIA</c></summary>
    ChannelProgressMedia,

    /// <summary><c>CHANNEL_OUTGOING</c></summary>
    ChannelOutgoing,

    /// <summary><c>CHANNEL_PARK</c></summary>
    ChannelPark,

    /// <summary><c>CHANNEL_UNPARK</c></summary>
    ChannelUnpark,

    /// <summary><c>CHANNEL_APPLICATION</c></summary>
    ChannelApplication,

    /// <summary><c>CHANNEL_ORIGINATE</c></summary>
    ChannelOriginate,

    /// <summary><c>CHANNEL_UUID</c></summary>
    ChannelUuid,

    /// <summary><c>API</c></summary>
    Api,

    /// <summary><c>LOG</c></summary>
    Log,

    /// <summary><c>INBOUND_CHAN</c></summary>
    InboundChan,

    /// <summary><c>OUTBOUND_CHAN</c></summary>
    OutboundChan,

    /// <summary><c>STARTUP</c></summary>
    Startup,

    /// <summary><c>SHUTDOWN</c></summary>
    Shutdown,

    /// <summary><c>PUBLISH</c></summary>
    Publish,

    /// <summary><c>UNPUBLISH</c></summary>
    Unpublish,

    /// <summary><c>TALK</c></summary>
    Talk,

    /// <summary><c>NOTALK</c></summary>
    Notalk,

    /// <summary><c>SESSION_CRASH</c></summary>
    SessionCrash,

    /// <summary><c>MODULE_LOAD</c></summary>
    ModuleLoad,

    /// <summary><c>MODULE_UNLOAD</c></summary>
    ModuleUnload,

    /// <summary><c>DTMF</c></summary>
    Dtmf,

    /// <summary><c>MESSAGE</c></summary>
    Message,

    /// <summary><c>PRESENCE_IN</c></summary>
    PresenceIn,

    /// <summary><c>NOTIFY_IN</c></summary>
    NotifyIn,

    /// <summary><c>PRESENCE_OUT</c></summary>
    PresenceOut,

    /// <summary><c>PRESENCE_PROBE</c></summary>
    PresenceProbe,

    /// <summary><c>MESSAGE_WAITING</c></summary>
    MessageWaiting,

    /// <summary><c>MESSAGE_QUERY</c></summary>
    MessageQuery,

    /// <summary><c>ROSTER</c></summary>
    Roster,

    /// <summary><c>CODEC</c></summary>
    Codec,

    /// <summary><c>BACKGROUND_JOB</c></summary>
    BackgroundJob,

    /// <summary><c>DETECTED_SPEECH</c></summary>
    DetectedSpeech,

    /// <summary><c>DETECTED_TONE</c></summary>
    DetectedTone,

    /// <summary><c>PRIVATE_COMMAND</c></summary>
    PrivateCommand,

    /// <summary><c>HEARTBEAT</c></summary>
    Heartbeat,

    /// <summary><c>TRAP</c></summary>
    Trap,

    /// <summary><c>ADD_SCHEDULE</c></summary>
    AddSchedule,

    /// <summary><c>DEL_SCHEDULE</c></summary>
    DelSchedule,

    /// <summary><c>EXE_SCHEDULE</c></summary>
    ExeSchedule,

    /// <summary><c>RE_SCHEDULE</c></summary>
    ReSchedule,

    /// <summary><c>RELOADXML</c></summary>
    Reloadxml,

    /// <summary><c>NOTIFY</c></summary>
    Notify,

    /// <summary><c>PHONE_FEATURE</c></summary>
    PhoneFeature,

    /// <summary><c>PHONE_FEATURE_SUBSCRIBE</c></summary>
    PhoneFeatureSubscribe,

    /// <summary><c>SEND_MESSAGE</c></summary>
    SendMessage,

    /// <summary><c>RECV_MESSAGE</c></summary>
    RecvMessage,

    /// <summary><c>REQUEST_PARAMS</c></summary>
    RequestParams,

    /// <summary><c>CHANNEL_DATA</c></summary>
    ChannelData,

    /// <summary><c>GENERAL</c></summary>
    General,

    /// <summary><c>COMMAND</c></summary>
    Command,

    /// <summary><c>SESSION_HEARTBEAT</c></summary>
    SessionHeartbeat,

    /// <summary><c>CLIENT_DISCONNECTED</c></summary>
    ClientDisconnected,

    /// <summary><c>SERVER_DISCONNECTED</c></summary>
    ServerDisconnected,

    /// <summary><c>SEND_INFO</c></summary>
    SendInfo,

    /// <summary><c>RECV_INFO</c></summary>
    RecvInfo,

    /// <summary><c>RECV_RTCP_MESSAGE</c></summary>
    RecvRtcpMessage,

    /// <summary><c>SEND_RTCP_MESSAGE</c></summary>
    SendRtcpMessage,

    /// <summary><c>CALL_SECURE</c></summary>
    CallSecure,

    /// <summary><c>NAT</c></summary>
    Nat,

    /// <summary><c>RECORD_START</c></summary>
    RecordStart,

    /// <summary><c>RECORD_STOP</c></summary>
    RecordStop,

    /// <summary><c>PLAYBACK_START</c></summary>
    PlaybackStart,

    /// <summary><c>PLAYBACK_STOP</c></summary>
    PlaybackStop,

    /// <summary><c>CALL_UPDATE</c></summary>
    CallUpdate,

    /// <summary><c>FAILURE</c></summary>
    Failure,

    /// <summary><c>SOCKET_DATA</c></summary>
    SocketData,

    /// <summary><c>MEDIA_BUG_START</c></summary>
    MediaBugStart,

    /// <summary><c>MEDIA_BUG_STOP</c></summary>
    MediaBugStop,

    /// <summary><c>CONFERENCE_DATA_QUERY</c></summary>
    ConferenceDataQuery,

    /// <summary><c>CONFERENCE_DATA</c></summary>
    ConferenceData,

    /// <summary><c>CALL_SETUP_REQ</c></summary>
    CallSetupReq,

    /// <summary><c>CALL_SETUP_RESULT</c></summary>
    CallSetupResult,

    /// <summary><c>CALL_DETAIL</c></summary>
    CallDetail,

    /// <summary><c>DEVICE_STATE</c></summary>
    DeviceState,

    /// <summary><c>TEXT</c></summary>
    Text,

    /// <summary><c>SHUTDOWN_REQUESTED</c></summary>
    ShutdownRequested,

    /// <summary><c>START_RECORDING</c></summary>
    StartRecording,

    /// <summary><c>ALL</c></summary>
    All,
}
