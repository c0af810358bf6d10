using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Nodes;

/// <summary>Log messages about FreeSWITCH nodes (event ids 6xxx). Names, states and counts only — never the ESL password.</summary>
internal static partial class NodeLog
{
    [LoggerMessage(6001, LogLevel.Information, "Node {Node}: ready for calls (shared gateway {Gateway} {State}, {Sessions}/{MaxSessions} sessions)")]
    public static partial void Ready(ILogger logger, string node, string gateway, string state, int sessions, int maxSessions);

    [LoggerMessage(6002, LogLevel.Warning, "Node {Node}: no new calls ({Reason})")]
    public static partial void NotReady(ILogger logger, string node, string reason);

    [LoggerMessage(6003, LogLevel.Warning, "Node {Node}: shared gateway {Gateway} is {State}; trial calls wait for it")]
    public static partial void GatewayUnusable(ILogger logger, string node, string gateway, string state);

    [LoggerMessage(6004, LogLevel.Information, "Node {Node}: shared gateway {Gateway} is registered again")]
    public static partial void GatewayUsable(ILogger logger, string node, string gateway);

    [LoggerMessage(6005, LogLevel.Warning, "Node {Node}: health check failed ({Reason})")]
    public static partial void CheckFailed(ILogger logger, string node, string reason);

    [LoggerMessage(6006, LogLevel.Warning, "No FreeSWITCH node is configured (Nodes): no calls will be placed")]
    public static partial void NoNodes(ILogger logger);
}
