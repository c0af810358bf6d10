namespace EslKit;

/// <summary>Base of every error EslKit raises for a FreeSWITCH connection. Messages never contain secrets.</summary>
public abstract class EslException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected EslException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
