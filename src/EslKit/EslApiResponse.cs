using EslKit.Protocol;

namespace EslKit;

/// <summary>
/// The result of <c>api</c>: FreeSWITCH's output in <see cref="Body"/>. Errors come back as text
/// (<c>-ERR …</c>, <c>-USAGE …</c>), or as a <c>command/reply</c> when the command was refused outright.
/// </summary>
public sealed class EslApiResponse
{
    internal EslApiResponse(string command, EslMessage message)
    {
        Command = command;
        Message = message;
        Body = message.ContentType == EslContentType.ApiResponse ? message.BodyText : message.ReplyText ?? string.Empty;
    }

    /// <summary>The command, with secrets masked.</summary>
    public string Command { get; }

    /// <summary>The response frame.</summary>
    public EslMessage Message { get; }

    /// <summary>The output (the api/response body, or the Reply-Text of a refusal).</summary>
    public string Body { get; }

    /// <summary>False when FreeSWITCH answered <c>-ERR …</c> or <c>-USAGE …</c>.</summary>
    public bool IsSuccess => !EslResultText.IsError(Body);

    /// <summary>Throws <see cref="EslCommandFailedException"/> when <see cref="IsSuccess"/> is false.</summary>
    public EslApiResponse EnsureSuccess() => IsSuccess ? this : throw new EslCommandFailedException(Command, Body);

    /// <inheritdoc />
    public override string ToString() => $"{Command} -> {(IsSuccess ? "ok" : Body.TrimEnd())} ({Body.Length} chars)";
}
