namespace EslKit.Protocol;

/// <summary>The <c>Content-Disposition</c> of a <c>text/disconnect-notice</c>.</summary>
public enum EslDisconnectDisposition
{
    /// <summary>No disposition: the plain notice sent on <c>exit</c> or failed authentication.</summary>
    None = 0,

    /// <summary><c>disconnect</c>: the controlled channel is gone and FreeSWITCH is closing the socket now.</summary>
    Disconnect,

    /// <summary><c>linger</c>: the channel hung up; events keep coming until the linger time ends.</summary>
    Linger,

    /// <summary>A disposition EslKit does not know.</summary>
    Other,
}
