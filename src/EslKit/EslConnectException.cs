namespace EslKit;

/// <summary>FreeSWITCH could not be reached (refused, unreachable, or no answer within the connect timeout).</summary>
public sealed class EslConnectException : EslException
{
    /// <summary>Creates the exception.</summary>
    public EslConnectException(string endpoint, string message, Exception? innerException = null)
        : base($"Cannot connect to FreeSWITCH at {endpoint}: {message}", innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The host and port that was tried.</summary>
    public string Endpoint { get; }
}
