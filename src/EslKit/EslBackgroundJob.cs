using EslKit.Protocol;

namespace EslKit;

/// <summary>The result of <c>bgapi</c>: the BACKGROUND_JOB event carrying the command's output.</summary>
public sealed class EslBackgroundJob
{
    internal EslBackgroundJob(string command, Guid jobUuid, EslEvent @event)
    {
        Command = command;
        JobUuid = jobUuid;
        Event = @event;
        Body = @event.BodyText;
    }

    /// <summary>The command, with secrets masked.</summary>
    public string Command { get; }

    /// <summary>The Job-UUID (chosen by EslKit and sent with the command).</summary>
    public Guid JobUuid { get; }

    /// <summary>The BACKGROUND_JOB event.</summary>
    public EslEvent Event { get; }

    /// <summary>The command's output, e.g. <c>+OK &lt;uuid&gt;</c> for an originate.</summary>
    public string Body { get; }

    /// <summary>False when the output is <c>-ERR …</c> or <c>-USAGE …</c>.</summary>
    public bool IsSuccess => !EslResultText.IsError(Body);

    /// <summary>Throws <see cref="EslCommandFailedException"/> when <see cref="IsSuccess"/> is false.</summary>
    public EslBackgroundJob EnsureSuccess() => IsSuccess ? this : throw new EslCommandFailedException(Command, Body);

    /// <inheritdoc />
    public override string ToString() => $"{Command} [{JobUuid}] -> {(IsSuccess ? "ok" : Body.TrimEnd())}";
}
