namespace EslKit.Protocol;

/// <summary>
/// The <c>Content-Type</c> of a frame. A type EslKit does not know is <see cref="Unknown"/>; the frame
/// still carries its raw content type and is delivered, never treated as an error.
/// </summary>
public enum EslContentType
{
    /// <summary>A content type EslKit does not know (see the frame's raw content type).</summary>
    Unknown = 0,

    /// <summary>The frame had no <c>Content-Type</c> header.</summary>
    None,

    /// <summary><c>auth/request</c>: the inbound banner asking for a password.</summary>
    AuthRequest,

    /// <summary><c>command/reply</c>: a reply in <c>Reply-Text</c> (also the outbound <c>connect</c> reply carrying channel data).</summary>
    CommandReply,

    /// <summary><c>api/response</c>: the result of <c>api</c> in the body.</summary>
    ApiResponse,

    /// <summary><c>text/event-plain</c>: an event as URL-encoded header lines, optionally followed by its own body.</summary>
    EventPlain,

    /// <summary><c>text/event-json</c>: an event as one JSON object (body in <c>_body</c>).</summary>
    EventJson,

    /// <summary><c>text/event-xml</c>: an event as XML.</summary>
    EventXml,

    /// <summary><c>log/data</c>: a log line (after <c>log &lt;level&gt;</c>).</summary>
    LogData,

    /// <summary><c>text/disconnect-notice</c>: FreeSWITCH is closing the connection (or lingering).</summary>
    DisconnectNotice,

    /// <summary><c>text/rude-rejection</c>: the ACL refused this peer.</summary>
    RudeRejection,
}
