namespace EslKit.Protocol;

/// <summary>Maps FreeSWITCH event names to <see cref="EslEventName"/> straight from UTF-8 bytes.</summary>
public static class EslEventNames
{
    private static readonly string[] Names =
    [
        "CUSTOM",
        "CLONE",
        "CHANNEL_CREATE",
        "CHANNEL_DESTROY",
        "CHANNEL_STATE",
        "CHANNEL_CALLSTATE",
        "CHANNEL_ANSWER",
        "CHANNEL_HANGUP",
        "CHANNEL_HANGUP_COMPLETE",
        "CHANNEL_EXECUTE",
        "CHANNEL_EXECUTE_COMPLETE",
        "CHANNEL_HOLD",
        "CHANNEL_UNHOLD",
        "CHANNEL_BRIDGE",
        "CHANNEL_UNBRIDGE",
        "CHANNEL_PROGRESS",
        "CHANNEL_PROGRESS_MEDIA",
        "CHANNEL_OUTGOING",
        "CHANNEL_PARK",
        "CHANNEL_UNPARK",
        "CHANNEL_APPLICATION",
        "CHANNEL_ORIGINATE",
        "CHANNEL_UUID",
        "API",
        "LOG",
        "INBOUND_CHAN",
        "OUTBOUND_CHAN",
        "STARTUP",
        "SHUTDOWN",
        "PUBLISH",
        "UNPUBLISH",
        "TALK",
        "NOTALK",
        "SESSION_CRASH",
        "MODULE_LOAD",
        "MODULE_UNLOAD",
        "DTMF",
        "MESSAGE",
        "PRESENCE_IN",
        "NOTIFY_IN",
        "PRESENCE_OUT",
        "PRESENCE_PROBE",
        "MESSAGE_WAITING",
        "MESSAGE_QUERY",
        "ROSTER",
        "CODEC",
        "BACKGROUND_JOB",
        "DETECTED_SPEECH",
        "DETECTED_TONE",
        "PRIVATE_COMMAND",
        "HEARTBEAT",
        "TRAP",
        "ADD_SCHEDULE",
        "DEL_SCHEDULE",
        "EXE_SCHEDULE",
        "RE_SCHEDULE",
        "RELOADXML",
        "NOTIFY",
        "PHONE_FEATURE",
        "PHONE_FEATURE_SUBSCRIBE",
        "SEND_MESSAGE",
        "RECV_MESSAGE",
        "REQUEST_PARAMS",
        "CHANNEL_DATA",
        "GENERAL",
        "COMMAND",
        "SESSION_HEARTBEAT",
        "CLIENT_DISCONNECTED",
        "SERVER_DISCONNECTED",
        "SEND_INFO",
        "RECV_INFO",
        "RECV_RTCP_MESSAGE",
        "SEND_RTCP_MESSAGE",
        "CALL_SECURE",
        "NAT",
        "RECORD_START",
        "RECORD_STOP",
        "PLAYBACK_START",
        "PLAYBACK_STOP",
        "CALL_UPDATE",
        "FAILURE",
        "SOCKET_DATA",
        "MEDIA_BUG_START",
        "MEDIA_BUG_STOP",
        "CONFERENCE_DATA_QUERY",
        "CONFERENCE_DATA",
        "CALL_SETUP_REQ",
        "CALL_SETUP_RESULT",
        "CALL_DETAIL",
        "DEVICE_STATE",
        "TEXT",
        "SHUTDOWN_REQUESTED",
        "START_RECORDING",
        "ALL",
    ];

    private static readonly Utf8NameTable<EslEventName> Table = new(
        Names.Select((name, i) => new KeyValuePair<string, EslEventName>(name, (EslEventName)(i + 1))),
        ignoreCase: true);

    /// <summary>Classifies a raw event name (ASCII case-insensitive, as FreeSWITCH compares them); unknown names give <see cref="EslEventName.Unknown"/>.</summary>
    public static EslEventName Parse(ReadOnlySpan<byte> name) => Table.TryGetValue(name, out var value) ? value : EslEventName.Unknown;

    /// <summary>Classifies an event name given as a string.</summary>
    public static EslEventName Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> buffer = stackalloc byte[64];
        return name.Length <= buffer.Length && System.Text.Ascii.FromUtf16(name, buffer, out int written) == System.Buffers.OperationStatus.Done
            ? Parse(buffer[..written])
            : EslEventName.Unknown;
    }

    /// <summary>The wire name of a known event type (e.g. <c>CHANNEL_ANSWER</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is <see cref="EslEventName.Unknown"/> or not defined.</exception>
    public static string GetName(EslEventName name) =>
        name > EslEventName.Unknown && (int)name <= Names.Length
            ? Names[(int)name - 1]
            : throw new ArgumentOutOfRangeException(nameof(name), name, "Not a known FreeSWITCH event name.");
}
