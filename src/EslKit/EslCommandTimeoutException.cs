namespace EslKit;

/// <summary>FreeSWITCH did not answer a command (or a background job did not finish) within its timeout.</summary>
public sealed class EslCommandTimeoutException : EslException
{
    /// <summary>Creates the exception; <paramref name="command"/> is the redacted rendering.</summary>
    public EslCommandTimeoutException(string command, TimeSpan timeout)
        : base($"No answer from FreeSWITCH within {timeout.TotalSeconds:0.###} s to: {command}")
    {
        Command = command;
        Timeout = timeout;
    }

    /// <summary>The command, with secrets masked.</summary>
    public string Command { get; }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
