namespace EslKit.Protocol;

/// <summary>
/// Names of the headers EslKit reads, as UTF-8 literals for zero-allocation lookups
/// (<see cref="EslHeaders.TryGetValue"/>) and as strings for the materialised forms.
/// </summary>
public static class EslHeaderNames
{
    /// <summary><c>Content-Type</c></summary>
    public static ReadOnlySpan<byte> ContentType => "Content-Type"u8;

    /// <summary><c>Content-Length</c></summary>
    public static ReadOnlySpan<byte> ContentLength => "Content-Length"u8;

    /// <summary><c>Reply-Text</c></summary>
    public static ReadOnlySpan<byte> ReplyText => "Reply-Text"u8;

    /// <summary><c>Job-UUID</c></summary>
    public static ReadOnlySpan<byte> JobUuid => "Job-UUID"u8;

    /// <summary><c>Event-Name</c></summary>
    public static ReadOnlySpan<byte> EventName => "Event-Name"u8;

    /// <summary><c>Event-Subclass</c></summary>
    public static ReadOnlySpan<byte> EventSubclass => "Event-Subclass"u8;

    /// <summary><c>Unique-ID</c></summary>
    public static ReadOnlySpan<byte> UniqueId => "Unique-ID"u8;

    /// <summary><c>Core-UUID</c></summary>
    public static ReadOnlySpan<byte> CoreUuid => "Core-UUID"u8;

    /// <summary><c>Application-UUID</c></summary>
    public static ReadOnlySpan<byte> ApplicationUuid => "Application-UUID"u8;

    /// <summary><c>Application</c></summary>
    public static ReadOnlySpan<byte> Application => "Application"u8;

    /// <summary><c>Application-Data</c></summary>
    public static ReadOnlySpan<byte> ApplicationData => "Application-Data"u8;

    /// <summary><c>Application-Response</c></summary>
    public static ReadOnlySpan<byte> ApplicationResponse => "Application-Response"u8;

    /// <summary><c>Channel-Call-UUID</c></summary>
    public static ReadOnlySpan<byte> ChannelCallUuid => "Channel-Call-UUID"u8;

    /// <summary><c>Event-Sequence</c></summary>
    public static ReadOnlySpan<byte> EventSequence => "Event-Sequence"u8;

    /// <summary><c>Event-Date-Timestamp</c></summary>
    public static ReadOnlySpan<byte> EventDateTimestamp => "Event-Date-Timestamp"u8;

    /// <summary><c>Event-UUID</c></summary>
    public static ReadOnlySpan<byte> EventUuid => "Event-UUID"u8;

    /// <summary><c>Job-Command</c></summary>
    public static ReadOnlySpan<byte> JobCommand => "Job-Command"u8;

    /// <summary><c>Job-Command-Arg</c></summary>
    public static ReadOnlySpan<byte> JobCommandArg => "Job-Command-Arg"u8;

    /// <summary><c>API-Command</c></summary>
    public static ReadOnlySpan<byte> ApiCommand => "API-Command"u8;

    /// <summary><c>API-Command-Argument</c></summary>
    public static ReadOnlySpan<byte> ApiCommandArgument => "API-Command-Argument"u8;

    /// <summary><c>Channel-Name</c></summary>
    public static ReadOnlySpan<byte> ChannelName => "Channel-Name"u8;

    /// <summary><c>Channel-State</c></summary>
    public static ReadOnlySpan<byte> ChannelState => "Channel-State"u8;

    /// <summary><c>Answer-State</c></summary>
    public static ReadOnlySpan<byte> AnswerState => "Answer-State"u8;

    /// <summary><c>Caller-Caller-ID-Number</c></summary>
    public static ReadOnlySpan<byte> CallerCallerIdNumber => "Caller-Caller-ID-Number"u8;

    /// <summary><c>Caller-Destination-Number</c></summary>
    public static ReadOnlySpan<byte> CallerDestinationNumber => "Caller-Destination-Number"u8;

    /// <summary><c>Hangup-Cause</c></summary>
    public static ReadOnlySpan<byte> HangupCause => "Hangup-Cause"u8;

    /// <summary><c>DTMF-Digit</c></summary>
    public static ReadOnlySpan<byte> DtmfDigit => "DTMF-Digit"u8;

    /// <summary><c>Controlled-Session-UUID</c></summary>
    public static ReadOnlySpan<byte> ControlledSessionUuid => "Controlled-Session-UUID"u8;

    /// <summary><c>Content-Disposition</c></summary>
    public static ReadOnlySpan<byte> ContentDisposition => "Content-Disposition"u8;

    /// <summary><c>Linger-Time</c></summary>
    public static ReadOnlySpan<byte> LingerTime => "Linger-Time"u8;

    /// <summary><c>Socket-Mode</c></summary>
    public static ReadOnlySpan<byte> SocketMode => "Socket-Mode"u8;

    /// <summary><c>Control</c></summary>
    public static ReadOnlySpan<byte> Control => "Control"u8;

    /// <summary><c>Log-Level</c></summary>
    public static ReadOnlySpan<byte> LogLevel => "Log-Level"u8;

    /// <summary><c>Text-Channel</c></summary>
    public static ReadOnlySpan<byte> TextChannel => "Text-Channel"u8;

    /// <summary><c>Log-File</c></summary>
    public static ReadOnlySpan<byte> LogFile => "Log-File"u8;

    /// <summary><c>Log-Func</c></summary>
    public static ReadOnlySpan<byte> LogFunc => "Log-Func"u8;

    /// <summary><c>Log-Line</c></summary>
    public static ReadOnlySpan<byte> LogLine => "Log-Line"u8;

    /// <summary><c>User-Data</c></summary>
    public static ReadOnlySpan<byte> UserData => "User-Data"u8;
}
