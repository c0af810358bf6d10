namespace EslKit.Protocol;

/// <summary>How FreeSWITCH answered a command, from the <c>Reply-Text</c> of a <c>command/reply</c>.</summary>
public enum EslReplyStatus
{
    /// <summary>The frame has no <c>Reply-Text</c>.</summary>
    None = 0,

    /// <summary><c>+OK …</c></summary>
    Ok,

    /// <summary><c>-ERR …</c> (or <c>-USAGE …</c>).</summary>
    Error,

    /// <summary>Any other text.</summary>
    Other,
}
