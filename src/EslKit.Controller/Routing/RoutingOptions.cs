namespace EslKit.Controller.Routing;

/// <summary>How calls are routed and where answered calls are connected (configuration section <c>Routing</c>).</summary>
internal sealed class RoutingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Routing";

    /// <summary>The sofia gateway every trial tenant dials through (<c>sofia/gateway/&lt;name&gt;/&lt;number&gt;</c>).</summary>
    public string SharedGateway { get; set; } = "trunk";

    /// <summary>Most concurrent calls on the shared gateway, for all trial tenants together.</summary>
    public int SharedGatewayConcurrencyLimit { get; set; } = 3;

    /// <summary>The caller ID number trial calls show (optional <c>+</c> and digits).</summary>
    public string SharedCallerId { get; set; } = "0000000000";

    /// <summary>The sofia profile pro calls leave from (<c>sofia/&lt;profile&gt;/&lt;number&gt;@&lt;proxy&gt;</c>).</summary>
    public string SipProfile { get; set; } = "external";

    /// <summary>Seconds to wait for an answer (<c>originate_timeout</c>).</summary>
    public int OriginateTimeoutSeconds { get; set; } = 30;

    /// <summary>The address FreeSWITCH connects answered calls to (<c>&amp;socket(&lt;host&gt;:&lt;port&gt; async full)</c>).</summary>
    public string SocketHost { get; set; } = "127.0.0.1";

    /// <summary>The outbound ESL server's port.</summary>
    public int SocketPort { get; set; } = 8084;
}
