using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EslKit.Hosting;

/// <summary>Healthy while the client is connected; degraded while it reconnects; unhealthy otherwise.</summary>
internal sealed class EslClientHealthCheck(EslClient client) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["endpoint"] = client.Endpoint, ["state"] = client.State.ToString() };
        var result = client.State switch
        {
            EslConnectionState.Connected => HealthCheckResult.Healthy($"Connected to FreeSWITCH at {client.Endpoint}", data),
            EslConnectionState.Reconnecting => HealthCheckResult.Degraded($"Reconnecting to FreeSWITCH at {client.Endpoint}", data: data),
            _ => new HealthCheckResult(context.Registration.FailureStatus, $"Not connected to FreeSWITCH at {client.Endpoint} ({client.State})", data: data),
        };
        return Task.FromResult(result);
    }
}
