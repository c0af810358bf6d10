using Microsoft.Extensions.Hosting;

namespace EslKit.Hosting;

/// <summary>
/// Starts the outbound server with the host (a port that cannot be bound stops the host: calls would have
/// nowhere to go) and drains its sessions when the host stops.
/// </summary>
internal sealed class EslOutboundServerHostedService(EslOutboundServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
