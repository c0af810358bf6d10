namespace EslKit;

/// <summary>
/// FreeSWITCH's access list refused this peer: it sent <c>text/rude-rejection</c> before asking for a
/// password. Add this host to an <c>apply-inbound-acl</c> list of event_socket.conf.xml.
/// </summary>
public sealed class EslAccessDeniedException : EslException
{
    /// <summary>Creates the exception.</summary>
    public EslAccessDeniedException(string endpoint, string rejection)
        : base($"FreeSWITCH at {endpoint} refused this peer by ACL (text/rude-rejection: {rejection.Trim()})")
    {
        Endpoint = endpoint;
    }

    /// <summary>The host and port.</summary>
    public string Endpoint { get; }
}
