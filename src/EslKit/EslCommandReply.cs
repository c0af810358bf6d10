using EslKit.Protocol;

namespace EslKit;

/// <summary>FreeSWITCH's <c>command/reply</c> to a command.</summary>
public sealed class EslCommandReply
{
    internal EslCommandReply(string command, EslMessage message)
    {
        Command = command;
        Message = message;
        ReplyText = (message.ReplyText ?? string.Empty).TrimEnd('\n');
    }

    /// <summary>The command this answers, with secrets masked.</summary>
    public string Command { get; }

    /// <summary>The whole reply frame (headers decoded).</summary>
    public EslMessage Message { get; }

    /// <summary>The <c>Reply-Text</c>, e.g. <c>+OK event listener enabled plain</c>.</summary>
    public string ReplyText { get; }

    /// <summary>True for <c>+OK …</c>.</summary>
    public bool IsSuccess => IsOk(Message);

    /// <summary>Throws <see cref="EslCommandFailedException"/> unless the reply is <c>+OK …</c>.</summary>
    public EslCommandReply EnsureSuccess() => IsSuccess ? this : throw new EslCommandFailedException(Command, ReplyText);

    /// <summary>The one success rule, usable before a reply object is built.</summary>
    internal static bool IsOk(EslMessage reply) => reply.ReplyText?.StartsWith("+OK", StringComparison.Ordinal) == true;

    /// <inheritdoc />
    public override string ToString() => $"{Command} -> {ReplyText}";
}
