using EslKit;
using EslKit.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks for EslKit's client and outbound server.</summary>
public static class EslKitHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks an <see cref="EslClient"/> added with AddEslClient: healthy when connected, degraded while
    /// reconnecting, <paramref name="failureStatus"/> (default unhealthy) otherwise.
    /// </summary>
    public static IHealthChecksBuilder AddEslClient(this IHealthChecksBuilder builder, string clientName = "", string? name = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name ?? (clientName.Length == 0 ? "freeswitch" : $"freeswitch-{clientName}"),
            provider => new EslClientHealthCheck(provider.GetRequiredKeyedService<EslClient>(clientName)),
            failureStatus,
            tags));
    }

    /// <summary>Checks the outbound server added with AddEslOutboundServer: healthy while it listens.</summary>
    public static IHealthChecksBuilder AddEslOutboundServer(this IHealthChecksBuilder builder, string name = "freeswitch-outbound", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new EslOutboundServerHealthCheck(provider.GetRequiredService<EslOutboundServer>()),
            failureStatus,
            tags));
    }
}
