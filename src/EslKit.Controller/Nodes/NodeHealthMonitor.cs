using System.Buffers.Text;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Nodes;

/// <summary>
/// Keeps every node's <see cref="NodeHealth"/> current. Per node, when its client is connected: asks once for
/// CHANNEL_HANGUP_COMPLETE and HEARTBEAT (the client re-asks after every reconnect), then every
/// <see cref="DispatcherOptions.HealthCheckSeconds"/> (and at once after a connect or on request) runs
/// <c>sofia status gateway &lt;gateway&gt;</c> and <c>status</c>. HEARTBEATs (FreeSWITCH: every 20 s) refresh the
/// session figures in between, read in place with no allocation.
/// </summary>
internal sealed class NodeHealthMonitor : BackgroundService
{
    private readonly NodeRegistry _registry;
    private readonly DispatcherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeHealthMonitor> _logger;
    private readonly Dictionary<string, SemaphoreSlim> _wake = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _handlers = [];

    public NodeHealthMonitor(NodeRegistry registry, IOptions<DispatcherOptions> options, TimeProvider time, ILogger<NodeHealthMonitor> logger)
    {
        _registry = registry;
        _options = options.Value;
        _time = time;
        _logger = logger;
        foreach (var node in registry.Nodes)
        {
            var wake = new SemaphoreSlim(0, 1);
            _wake[node.Name] = wake;
            node.Client.StateChanged += (_, e) =>
            {
                if (e.Current == EslConnectionState.Connected)
                {
                    RequestCheck(node);
                }
                else if (e.Previous == EslConnectionState.Connected)
                {
                    NodeLog.NotReady(_logger, node.Name, "ESL connection " + e.Current.ToString().ToLowerInvariant());
                }
            };
            _handlers.Add(node.Client.AddEventHandler((ref EslEventView view) => OnEvent(node, ref view)));
        }
    }

    /// <summary>Checks the node now (after it answered GATEWAY_DOWN, say) instead of at the next interval.</summary>
    public void RequestCheck(FreeSwitchNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (_wake.TryGetValue(node.Name, out var wake) && wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    /// <summary>Runs one check of <paramref name="node"/> now (the loop's step; also for tests).</summary>
    public async Task CheckAsync(FreeSwitchNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var before = node.Health;
        if (!node.IsConnected)
        {
            return;
        }

        try
        {
            bool requested = before.EventsRequested;
            if (!requested)
            {
                await node.Client.RequestEventsAsync([EslEventName.ChannelHangupComplete, EslEventName.Heartbeat], null, cancellationToken).ConfigureAwait(false);
                requested = true;
            }

            string gatewayName = node.Target.SharedGateway;
            var gatewayReply = await node.Client.ApiAsync("sofia", "status gateway " + gatewayName, cancellationToken).ConfigureAwait(false);
            var gateway = GatewayStatus.Parse(gatewayReply.Body);
            var statusReply = await node.Client.ApiAsync("status", null, cancellationToken).ConfigureAwait(false);
            var status = SwitchStatus.ParseStatus(statusReply.Body) ?? node.Health.Status;
            var after = new NodeHealth(requested, gateway, status, _time.GetUtcNow());
            node.Update(after);
            Report(node, before, after);
        }
        catch (Exception ex) when (ex is EslException or TimeoutException)
        {
            NodeLog.CheckFailed(_logger, node.Name, ex.GetType().Name);
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        foreach (var handler in _handlers)
        {
            handler.Dispose();
        }

        foreach (var wake in _wake.Values)
        {
            wake.Dispose();
        }

        base.Dispose();
    }

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_registry.Nodes.Count == 0)
        {
            NodeLog.NoNodes(_logger);
            return Task.CompletedTask;
        }

        return Task.WhenAll(_registry.Nodes.Select(node => WatchAsync(node, stoppingToken)));
    }

    private async Task WatchAsync(FreeSwitchNode node, CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(_options.HealthCheckSeconds);
        var wake = _wake[node.Name];
        while (!stoppingToken.IsCancellationRequested)
        {
            await CheckAsync(node, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            using var timeout = new CancellationTokenSource(interval, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stoppingToken);
            try
            {
                await wake.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The interval passed.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Report(FreeSwitchNode node, NodeHealth before, NodeHealth after)
    {
        string gateway = node.Target.SharedGateway;
        bool wasReady = before.EventsRequested && before.Status is not null;
        bool gatewayWas = before.Gateway.IsUsable;
        if (!wasReady && after.Status is { } status)
        {
            NodeLog.Ready(_logger, node.Name, gateway, after.Gateway.State ?? "missing", status.Sessions, status.MaxSessions);
        }
        else if (gatewayWas != after.Gateway.IsUsable)
        {
            if (after.Gateway.IsUsable)
            {
                NodeLog.GatewayUsable(_logger, node.Name, gateway);
            }
        }

        if (!after.Gateway.IsUsable && (gatewayWas || !wasReady || before.Gateway.State != after.Gateway.State))
        {
            NodeLog.GatewayUnusable(_logger, node.Name, gateway, after.Gateway.Exists ? after.Gateway.State ?? "unknown" : "missing");
        }
    }

    // On the client's read loop: HEARTBEAT's session figures, parsed in place.
    private static void OnEvent(FreeSwitchNode node, ref EslEventView view)
    {
        if (view.Name != EslEventName.Heartbeat)
        {
            return;
        }

        if (TryReadInt(ref view, "Session-Count"u8, out int sessions)
            && TryReadInt(ref view, "Max-Sessions"u8, out int max)
            && TryReadInt(ref view, "Session-Per-Sec"u8, out int perSecond))
        {
            node.Update(node.Health with { Status = new SwitchStatus(sessions, max, perSecond) });
        }
    }

    private static bool TryReadInt(ref EslEventView view, ReadOnlySpan<byte> header, out int value)
    {
        value = 0;
        return view.TryGetRawValue(header, out var raw) && Utf8Parser.TryParse(raw, out value, out int consumed) && consumed == raw.Length;
    }
}
