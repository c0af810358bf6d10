using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EslKit.Hosting;

/// <summary>Healthy while the outbound server listens; reports the sessions in progress.</summary>
internal sealed class EslOutboundServerHealthCheck(EslOutboundServer server) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["endpoint"] = server.LocalEndPoint.ToString(), ["sessions"] = server.ActiveSessions };
        return Task.FromResult(server.IsListening
            ? HealthCheckResult.Healthy($"Listening on {server.LocalEndPoint} with {server.ActiveSessions} session(s)", data)
            : new HealthCheckResult(context.Registration.FailureStatus, $"Not listening on {server.LocalEndPoint}", data: data));
    }
}
