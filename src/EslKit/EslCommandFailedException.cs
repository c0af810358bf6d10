namespace EslKit;

/// <summary>FreeSWITCH answered a command with an error (<c>-ERR …</c> or <c>-USAGE …</c>).</summary>
public sealed class EslCommandFailedException : EslException
{
    /// <summary>Creates the exception; <paramref name="command"/> is the redacted rendering.</summary>
    public EslCommandFailedException(string command, string error)
        : base($"FreeSWITCH refused '{command}': {error.TrimEnd()}")
    {
        Command = command;
        Error = error;
    }

    /// <summary>The command, with secrets masked.</summary>
    public string Command { get; }

    /// <summary>FreeSWITCH's error text, e.g. <c>-ERR no reply</c>.</summary>
    public string Error { get; }
}
