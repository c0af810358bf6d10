namespace EslKit.Commands;

/// <summary>The frame FreeSWITCH answers a command with.</summary>
public enum EslReplyKind
{
    /// <summary><c>command/reply</c> with <c>Reply-Text</c>.</summary>
    CommandReply,

    /// <summary><c>api/response</c> with the result in the body.</summary>
    ApiResponse,
}
