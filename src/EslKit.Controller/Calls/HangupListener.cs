using System.Threading.Channels;
using EslKit.Controller.Nodes;
using EslKit.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Calls;

/// <summary>
/// Hears every node's CHANNEL_HANGUP_COMPLETE on its inbound connection and writes our calls' ends from it
/// (<see cref="CallEndRecorder"/>) — so a call's log is written even when its outbound session is gone (capture
/// call-socket-session-inbound: what an inbound subscriber hears of a call). The events are requested by
/// <see cref="NodeHealthMonitor"/> (a node gets no calls before). The handler runs on the client's read loop and
/// allocates nothing for events that are not ours; ours are copied into a queue that one writer drains, so a slow
/// database never stalls the ESL connection.
/// </summary>
/// <remarks>Registered before the node clients, so it stops after them and writes what they heard last.</remarks>
internal sealed class HangupListener(NodeRegistry registry, CallEndRecorder ends, TimeProvider time, ILogger<HangupListener> logger) : IHostedService, IDisposable
{
    private readonly Channel<(FreeSwitchNode Node, EslEvent Event)> _queue =
        Channel.CreateUnbounded<(FreeSwitchNode, EslEvent)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly List<IDisposable> _handlers = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task? _writer;

    /// <summary>Our hangup events heard and not yet written.</summary>
    public int Backlog => _queue.Reader.Count;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var node in registry.Nodes)
        {
            _handlers.Add(node.Client.AddEventHandler((ref EslEventView view) => OnEvent(node, ref view)));
        }

        _writer = Task.Run(() => WriteAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            handler.Dispose();
        }

        _queue.Writer.TryComplete();
        if (_writer is null)
        {
            return;
        }

        try
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            if (Backlog > 0)
            {
                CallsLog.Backlog(logger, Backlog);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stopping.Dispose();

    private void OnEvent(FreeSwitchNode node, ref EslEventView view)
    {
        if (view.Name == EslEventName.ChannelHangupComplete && view.TryGetRawValue("variable_eslkit_call_id"u8, out _))
        {
            _queue.Writer.TryWrite((node, view.ToEvent()));
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        await foreach (var (node, hangup) in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (CallEndReader.Read(hangup, node.Name, time.GetUtcNow()) is not { } end)
            {
                continue;
            }

            try
            {
                await ends.RecordHangupAsync(end, "inbound", cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Part 2 journals it locally while the database is away.
                CallsLog.RecordFailed(logger, end.CallId, end.Attempt, "inbound", ex);
            }
        }
    }
}
