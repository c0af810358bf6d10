namespace EslKit.Testing.Internal;

/// <summary>
/// Where an originated leg goes, as mod_sofia sees it: the number, the profile, and either a gateway (its proxy) or a
/// host dialled directly (<c>sofia/&lt;profile&gt;/&lt;number&gt;@host[:port]</c>), with what its SIP headers carry.
/// </summary>
internal sealed class FsRoute
{
    public FsRoute(string number, string profile, EslEmulatorGateway? gateway, string? host, string callerNumber)
    {
        Number = number;
        Profile = profile;
        Gateway = gateway;
        Remote = gateway?.Proxy ?? host!;
        int colon = Remote.LastIndexOf(':');
        RemoteHost = colon > 0 ? Remote[..colon] : Remote;
        RemotePort = colon > 0 ? Remote[(colon + 1)..] : null;

        // A gateway sends From: <sip:username@realm[:port]>; a direct call From: <sip:caller@host>.
        FromUser = gateway?.Username ?? callerNumber;
        FromHost = gateway is not null ? Remote : RemoteHost;
    }

    public string Number { get; }

    public string Profile { get; }

    public EslEmulatorGateway? Gateway { get; }

    /// <summary>host[:port] of the far end (the gateway's proxy, or the host dialled).</summary>
    public string Remote { get; }

    public string RemoteHost { get; }

    /// <summary>The far end's port when given, else null (5060).</summary>
    public string? RemotePort { get; }

    public string FromUser { get; }

    /// <summary>The From header's host[:port].</summary>
    public string FromHost { get; }

    public string FromHostOnly => FromHost.Split(':')[0];

    public string? FromPort => FromHost.Contains(':', StringComparison.Ordinal) ? FromHost[(FromHost.LastIndexOf(':') + 1)..] : null;

    /// <summary>The profile's own address (the contact of a direct call, the far end's Via).</summary>
    public string ProfileAddress => Gateway?.ProfileAddress ?? "127.0.0.1:5080";
}
