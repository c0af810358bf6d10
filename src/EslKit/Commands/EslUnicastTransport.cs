namespace EslKit.Commands;

/// <summary>The transport of <c>sendmsg … call-command: unicast</c>.</summary>
public enum EslUnicastTransport
{
    /// <summary><c>transport: udp</c>.</summary>
    Udp = 0,

    /// <summary><c>transport: tcp</c>.</summary>
    Tcp,
}
