namespace EslKit;

/// <summary>
/// The command needs an outbound socket in <c>full</c> mode (FreeSWITCH answers <c>-ERR command not found</c>
/// otherwise): start it with <c>socket &lt;host&gt;:&lt;port&gt; async full</c>.
/// </summary>
public sealed class EslModeException : EslException
{
    /// <summary>Creates the exception.</summary>
    public EslModeException(string command)
        : base($"'{command}' needs the outbound socket in full mode; FreeSWITCH connected it without 'full'. Use 'socket <host>:<port> async full' in the dialplan.")
    {
        Command = command;
    }

    /// <summary>The command that was not sent.</summary>
    public string Command { get; }
}
