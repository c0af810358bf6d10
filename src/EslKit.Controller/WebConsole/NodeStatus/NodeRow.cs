namespace EslKit.Controller.WebConsole.NodeStatus;

/// <summary>One FreeSWITCH node as the Nodes page shows it, its figures written out (the page and the live feed show the same text).</summary>
/// <param name="Name">The node's configured name.</param>
/// <param name="Address">host:port of its event socket.</param>
/// <param name="Esl">The ESL client's state (connected, connecting, …).</param>
/// <param name="EslOk">ESL connected.</param>
/// <param name="Ready">yes or no: connected, its events requested and its figures read.</param>
/// <param name="ReadyOk">Ready.</param>
/// <param name="Gateway">The shared gateway's name.</param>
/// <param name="GatewayState">Its state and status (<c>REGED UP</c>), or <c>missing</c>.</param>
/// <param name="GatewayOk">Registered and usable for trial calls.</param>
/// <param name="Sessions">Sessions against the node's maximum (<c>3 / 1000</c>), or a dash before the first check.</param>
/// <param name="SessionsPerSecondLimit">The node's sessions-per-second limit, or a dash.</param>
/// <param name="CallsHere">This instance's calls on the node.</param>
/// <param name="CallsPerSecond">Attempts started per second on the node lately (every instance's), one decimal.</param>
/// <param name="CheckedAt">When its health was last checked (UTC, HH:mm:ss), or a dash.</param>
internal sealed record NodeRow(
    string Name,
    string Address,
    string Esl,
    bool EslOk,
    string Ready,
    bool ReadyOk,
    string Gateway,
    string GatewayState,
    bool GatewayOk,
    string Sessions,
    string SessionsPerSecondLimit,
    int CallsHere,
    string CallsPerSecond,
    string CheckedAt);
