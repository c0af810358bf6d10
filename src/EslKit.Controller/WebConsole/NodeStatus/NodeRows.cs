using System.Globalization;
using EslKit.Controller.Nodes;

namespace EslKit.Controller.WebConsole.NodeStatus;

/// <summary>Every configured node's <see cref="NodeRow"/> now: its health as this instance's monitor last saw it, and the calls per second from call_logs.</summary>
internal sealed class NodeRows(NodeRegistry registry, NodeRates rates)
{
    /// <summary>The nodes, in configuration order.</summary>
    public async Task<IReadOnlyList<NodeRow>> ReadAsync(CancellationToken cancellationToken)
    {
        var perSecond = await rates.ReadAsync(cancellationToken).ConfigureAwait(false);
        return [.. registry.Nodes.Select(node => From(node, perSecond.TryGetValue(node.Name, out double cps) ? cps : 0))];
    }

    private static NodeRow From(FreeSwitchNode node, double callsPerSecond)
    {
        var health = node.Health;
        return new NodeRow(
            node.Name,
            string.Create(CultureInfo.InvariantCulture, $"{node.Options.Host}:{node.Options.Port}"),
            node.Client.State.ToString().ToLowerInvariant(),
            node.IsConnected,
            node.IsReady ? "yes" : "no",
            node.IsReady,
            node.Target.SharedGateway,
            health.Gateway.Exists ? $"{health.Gateway.State} {health.Gateway.Status}".TrimEnd() : "missing",
            node.GatewayUsable,
            health.Status is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.Sessions} / {Math.Min(s.MaxSessions, node.Options.MaxSessions)}") : "—",
            health.Status?.SessionsPerSecond.ToString(CultureInfo.InvariantCulture) ?? "—",
            node.ActiveCalls,
            callsPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
            health.CheckedAt?.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "—");
    }
}
