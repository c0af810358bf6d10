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

    /// <summary>
    /// Seconds the primary proxy's leg of a pro call with a secondary proxy may take before FreeSWITCH gives it up and
    /// tries the secondary (<c>leg_timeout</c> in the primary leg's <c>[…]</c>): a dead primary costs at most this
    /// long instead of the whole <see cref="OriginateTimeoutSeconds"/>. FreeSWITCH counts ringing in it too: a callee
    /// who has not answered by then through the primary is rung again through the secondary, which has the whole
    /// originate timeout. 0 leaves the primary leg to the originate timeout; a value above it changes nothing.
    /// </summary>
    public int PrimaryLegTimeoutSeconds { get; set; } = 10;

    /// <summary>The address FreeSWITCH connects answered calls to (<c>&amp;socket(&lt;host&gt;:&lt;port&gt; async full)</c>).</summary>
    public string SocketHost { get; set; } = "127.0.0.1";

    /// <summary>The outbound ESL server's port.</summary>
    public int SocketPort { get; set; } = 8084;
}
