namespace EslKit.Controller.Nodes;

/// <summary>
/// One FreeSWITCH node (an entry of the configuration list <c>Nodes</c>). The same section also configures the
/// node's <see cref="EslClient"/> (Host, Port, Password, User, HeartbeatTimeout, Reconnect …): see docs/client.md.
/// </summary>
internal sealed class NodeOptions
{
    /// <summary>The configuration section holding the list of nodes.</summary>
    public const string Section = "Nodes";

    /// <summary>The node's name: in logs, metrics and call logs (<c>node</c>). Letters, digits, <c>_ . -</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The event socket's host (mod_event_socket's <c>listen-ip</c>).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The event socket's port (<c>listen-port</c>).</summary>
    public int Port { get; set; } = 8021;

    /// <summary>The event socket's password (never logged).</summary>
    public string Password { get; set; } = "ClueCon";

    /// <summary>
    /// Most originates sent to this node in any one second. Keep it below the node's <c>sessions-per-second</c>
    /// (FreeSWITCH lets N−1 through a second at <c>sps N</c>, and inbound or far-end legs take sessions too).
    /// </summary>
    public int CallsPerSecond { get; set; } = 20;

    /// <summary>Most concurrent calls this controller places on the node (also capped by what the node reports as its max-sessions).</summary>
    public int MaxSessions { get; set; } = 200;

    /// <summary>The node's name for the shared carrier gateway; empty for <c>Routing:SharedGateway</c>.</summary>
    public string? SharedGateway { get; set; }

    /// <summary>
    /// The controller's address as this node reaches it: the host of <c>&amp;socket(host:port async full)</c> and of
    /// the audio stream's WebSocket URL. Empty for <c>Routing:SocketHost</c>.
    /// </summary>
    public string? ControllerAddress { get; set; }

    /// <summary>
    /// The audio WebSocket's base URL as this node reaches it (<c>ws://host:port/audio</c>; the call id is appended);
    /// empty for <c>ws://&lt;ControllerAddress&gt;:&lt;Calls:AudioStreamPort&gt;/audio</c>.
    /// </summary>
    public string? AudioStreamUrl { get; set; }
}
