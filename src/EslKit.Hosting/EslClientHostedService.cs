using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EslKit.Hosting;

/// <summary>
/// Connects an <see cref="EslClient"/> when the host starts, without holding the host up: if FreeSWITCH
/// is not there yet, it keeps trying in the background with the client's reconnect backoff (the health
/// check reports the state). Closes the client gracefully when the host stops.
/// </summary>
internal sealed partial class EslClientHostedService(EslClient client, EslClientOptions options, string name, ILogger<EslClientHostedService> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await client.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var random = new Random();
        for (int attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await client.ConnectAsync(stoppingToken).ConfigureAwait(false);
                return; // from here the client reconnects by itself
            }
            catch (EslException ex)
            {
                var delay = options.Reconnect.DelayFor(attempt, random);
                ConnectFailed(logger, name, client.Endpoint, ex.Message, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (client.State == EslConnectionState.Closed && ex is InvalidOperationException or OperationCanceledException)
            {
                return; // the application closed the client itself: nothing left to connect
            }
        }
    }

    [LoggerMessage(1200, LogLevel.Warning, "EslKit client '{Name}' could not connect to {Endpoint} ({Reason}); retrying in {DelayMs} ms")]
    private static partial void ConnectFailed(ILogger logger, string name, string endpoint, string reason, long delayMs);
}
