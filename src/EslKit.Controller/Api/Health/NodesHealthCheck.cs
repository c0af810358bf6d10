using System.Globalization;
using EslKit.Controller.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EslKit.Controller.Api.Health;

/// <summary>
/// The FreeSWITCH nodes as the dispatcher sees them (<see cref="NodeHealthMonitor"/>'s last checks): a node is
/// healthy when its ESL connection is up, its events are requested, its figures are read and its shared gateway is
/// registered (<see cref="FreeSwitchNode.GatewayUsable"/>). Healthy when every node is; degraded (still ready: calls
/// go to the healthy ones) when some are; unhealthy when none is or none is configured. The description names each
/// node and its state — never its host, port or password.
/// </summary>
internal sealed class NodesHealthCheck(NodeRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var nodes = registry.Nodes;
        if (nodes.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("No FreeSWITCH node is configured (Nodes)."));
        }

        int healthy = nodes.Count(n => n.GatewayUsable);
        string description = string.Create(
            CultureInfo.InvariantCulture,
            $"{healthy} of {nodes.Count} node(s) healthy: {string.Join("; ", nodes.Select(Describe))}.");
        return Task.FromResult(healthy == nodes.Count
            ? HealthCheckResult.Healthy(description)
            : healthy > 0 ? HealthCheckResult.Degraded(description) : HealthCheckResult.Unhealthy(description));
    }

    private static string Describe(FreeSwitchNode node)
    {
        string gateway = node.Target.SharedGateway;
        if (!node.IsConnected)
        {
            return $"{node.Name} not connected";
        }

        if (!node.IsReady)
        {
            return $"{node.Name} connected, not checked yet";
        }

        return node.GatewayUsable
            ? string.Create(CultureInfo.InvariantCulture, $"{node.Name} ready (gateway {gateway} {node.Health.Gateway.State}, headroom {node.Headroom})")
            : $"{node.Name} gateway {gateway} {(node.Health.Gateway.Exists ? node.Health.Gateway.State ?? "unknown" : "missing")}";
    }
}
