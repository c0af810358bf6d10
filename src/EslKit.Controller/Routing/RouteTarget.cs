namespace EslKit.Controller.Routing;

/// <summary>
/// Where one call is placed: the FreeSWITCH node's own name for the shared carrier gateway, and the address at
/// which that node reaches this controller's outbound socket server (<c>&amp;socket(&lt;host&gt;:&lt;port&gt; async full)</c>).
/// The trunk the call counts against stays the logical shared trunk (<see cref="RoutingOptions.SharedGateway"/>),
/// whatever each node calls its gateway.
/// </summary>
/// <param name="SharedGateway">The sofia gateway name on that node.</param>
/// <param name="SocketHost">The controller's address as that node reaches it.</param>
/// <param name="SocketPort">The outbound socket server's port.</param>
internal sealed record RouteTarget(string SharedGateway, string SocketHost, int SocketPort);
