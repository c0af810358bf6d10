namespace EslKit.Protocol;

/// <summary>The content types FreeSWITCH sends, as bytes, and their classification.</summary>
public static class EslContentTypes
{
    private static readonly Utf8NameTable<EslContentType> Table = new(
        [
            new("auth/request", EslContentType.AuthRequest),
            new("command/reply", EslContentType.CommandReply),
            new("api/response", EslContentType.ApiResponse),
            new("text/event-plain", EslContentType.EventPlain),
            new("text/event-json", EslContentType.EventJson),
            new("text/event-xml", EslContentType.EventXml),
            new("log/data", EslContentType.LogData),
            new("text/disconnect-notice", EslContentType.DisconnectNotice),
            new("text/rude-rejection", EslContentType.RudeRejection),
        ],
        ignoreCase: true);

    /// <summary><c>auth/request</c></summary>
    public static ReadOnlySpan<byte> AuthRequest => "auth/request"u8;

    /// <summary><c>command/reply</c></summary>
    public static ReadOnlySpan<byte> CommandReply => "command/reply"u8;

    /// <summary><c>api/response</c></summary>
    public static ReadOnlySpan<byte> ApiResponse => "api/response"u8;

    /// <summary><c>text/event-plain</c></summary>
    public static ReadOnlySpan<byte> EventPlain => "text/event-plain"u8;

    /// <summary><c>text/event-json</c></summary>
    public static ReadOnlySpan<byte> EventJson => "text/event-json"u8;

    /// <summary><c>text/event-xml</c></summary>
    public static ReadOnlySpan<byte> EventXml => "text/event-xml"u8;

    /// <summary><c>log/data</c></summary>
    public static ReadOnlySpan<byte> LogData => "log/data"u8;

    /// <summary><c>text/disconnect-notice</c></summary>
    public static ReadOnlySpan<byte> DisconnectNotice => "text/disconnect-notice"u8;

    /// <summary><c>text/rude-rejection</c></summary>
    public static ReadOnlySpan<byte> RudeRejection => "text/rude-rejection"u8;

    /// <summary>Classifies a raw <c>Content-Type</c> value (ASCII case-insensitive); unknown values give <see cref="EslContentType.Unknown"/>.</summary>
    public static EslContentType Classify(ReadOnlySpan<byte> value) =>
        Table.TryGetValue(value, out var type) ? type : EslContentType.Unknown;

    /// <summary>The wire name of a known content type; null for <see cref="EslContentType.Unknown"/> and <see cref="EslContentType.None"/>.</summary>
    public static string? GetName(EslContentType type) => type switch
    {
        EslContentType.AuthRequest => "auth/request",
        EslContentType.CommandReply => "command/reply",
        EslContentType.ApiResponse => "api/response",
        EslContentType.EventPlain => "text/event-plain",
        EslContentType.EventJson => "text/event-json",
        EslContentType.EventXml => "text/event-xml",
        EslContentType.LogData => "log/data",
        EslContentType.DisconnectNotice => "text/disconnect-notice",
        EslContentType.RudeRejection => "text/rude-rejection",
        _ => null,
    };
}
