namespace EslKit.Commands;

/// <summary>The kind of frame FreeSWITCH answers a command with.</summary>
public enum EslReplyKind
{
    /// <summary>A <c>command/reply</c> frame (<c>Reply-Text: +OK …</c> or <c>-ERR …</c>): every command except <c>api</c>.</summary>
    CommandReply = 0,

    /// <summary>An <c>api/response</c> frame whose body is the API's output: <c>api</c>.</summary>
    ApiResponse,
}
