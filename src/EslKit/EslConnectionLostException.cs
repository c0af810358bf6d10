namespace EslKit;

/// <summary>
/// The connection ended while a command or background job was in flight, or a command was sent while
/// not connected. The command may or may not have run on FreeSWITCH.
/// </summary>
public sealed class EslConnectionLostException : EslException
{
    /// <summary>Creates the exception.</summary>
    public EslConnectionLostException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
