using System.Threading.Channels;
using EslKit.Controller.Nodes;
using EslKit.Controller.Storage;
using EslKit.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Calls;

/// <summary>
/// Hears every node's CHANNEL_HANGUP_COMPLETE on its inbound connection and writes our calls' ends from it
/// (<see cref="CallEndRecorder"/>) — so a call's log is written even when its outbound session is gone (capture
/// call-socket-session-inbound: what an inbound subscriber hears of a call). The events are requested by
/// <see cref="NodeHealthMonitor"/> (a node gets no calls before). The handler runs on the client's read loop and
/// allocates nothing for events that are not ours; of ours it reads the end alone (the event is never copied) into a
/// queue that a few writers drain, so a slow database never stalls the ESL connection.
/// </summary>
/// <remarks>
/// <para>Registered before the node clients, so it stops after them and writes what they heard last.</para>
/// <para>
/// Every instance hears every call's end. A call this instance placed is written at once. One another instance
/// placed waits <see cref="CallsOptions.ForeignHangupDelayMilliseconds"/> (its own instance writes it meanwhile);
/// then one query for the whole batch finds the ends already written and settled, and only the others (their
/// instance died or is cut off from the database) are written here. So N instances cost the database one check per
/// batch for the calls of the others, not a lookup and a transaction for each.
/// </para>
/// </remarks>
internal sealed class HangupListener(
    NodeRegistry registry,
    CallEndRecorder ends,
    NpgsqlDataSource dataSource,
    IOptions<CallsOptions> options,
    TimeProvider time,
    ILogger<HangupListener> logger) : IHostedService, IDisposable
{
    private const int BatchSize = 500;

    // Writers of this instance's own ends: one at a time fell behind the calls' ends at a few hundred per second (each
    // end is a few round trips). Two copies of one attempt's end still never race: CallEndRecorder takes turns per attempt.
    private const int Writers = 4;

    // Not SingleReader: that channel cannot count what it holds (Backlog).
    private readonly Channel<(FreeSwitchNode Node, CallEnd End)> _queue = Channel.CreateUnbounded<(FreeSwitchNode, CallEnd)>();

    // Other instances' ends, in the order heard (so their due times only grow).
    private readonly Channel<(DateTimeOffset Due, CallEnd End)> _foreign = Channel.CreateUnbounded<(DateTimeOffset, CallEnd)>();

    private readonly TimeSpan _foreignDelay = TimeSpan.FromMilliseconds(options.Value.ForeignHangupDelayMilliseconds);
    private readonly List<IDisposable> _handlers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _hurry = new(); // stopping: the foreign ends wait no longer
    private Task? _writer;

    /// <summary>Our hangup events heard and not yet written (those of other instances' calls included).</summary>
    public int Backlog => _queue.Reader.Count + _foreign.Reader.Count;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var node in registry.Nodes)
        {
            _handlers.Add(node.Client.AddEventHandler((ref EslEventView view) => OnEvent(node, ref view)));
        }

        _writer = Task.WhenAll(
            Task.Run(() => WriteOwnAsync(_stopping.Token), CancellationToken.None),
            Task.Run(() => WriteForeignAsync(_stopping.Token), CancellationToken.None));
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
    public void Dispose()
    {
        _stopping.Dispose();
        _hurry.Dispose();
    }

    private void OnEvent(FreeSwitchNode node, ref EslEventView view)
    {
        if (view.Name == EslEventName.ChannelHangupComplete && CallEndReader.TryRead(ref view, node.Name, time.GetUtcNow(), out var end))
        {
            _queue.Writer.TryWrite((node, end));
        }
    }

    private async Task WriteOwnAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => WriteAsync(cancellationToken), CancellationToken.None))).ConfigureAwait(false);
        }
        finally
        {
            // Nothing more will be heard: what waits for other instances is written now (the stop may come from a crash).
            _foreign.Writer.TryComplete();
            await _hurry.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        await foreach (var (node, end) in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_foreignDelay > TimeSpan.Zero && !node.HasCall(end.CallId, end.Attempt) && !ends.Knows(end) && !ends.EndedHere(end.CallId, end.Attempt))
            {
                _foreign.Writer.TryWrite((time.GetUtcNow() + _foreignDelay, end));
                continue;
            }

            if (!await RecordAsync(end, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task WriteForeignAsync(CancellationToken cancellationToken)
    {
        var batch = new List<CallEnd>(BatchSize);
        while (await _foreign.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_foreign.Reader.TryPeek(out var first) && first.Due - time.GetUtcNow() is { Ticks: > 0 } wait && !_hurry.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(wait, time, _hurry.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_hurry.IsCancellationRequested)
                {
                    // Stopping: write what waits now.
                }
            }

            batch.Clear();
            var now = time.GetUtcNow();
            while (batch.Count < BatchSize && _foreign.Reader.TryPeek(out var next) && (next.Due <= now || _hurry.IsCancellationRequested) && _foreign.Reader.TryRead(out next))
            {
                batch.Add(next.End);
            }

            var settled = await SettledAsync(batch, cancellationToken).ConfigureAwait(false);
            foreach (var end in batch)
            {
                if (settled.Contains((end.CallId, end.Attempt)))
                {
                    CallEndRecorder.CountSettled("inbound");
                }
                else if (!await RecordAsync(end, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    // The attempts of the batch whose end is written (with its leg) and whose item is no longer dialing or answered.
    // With the database away none is: each is then written (journalled) as it would have been at once.
    private async Task<HashSet<(Guid CallId, int Attempt)>> SettledAsync(List<CallEnd> batch, CancellationToken cancellationToken)
    {
        var settled = new HashSet<(Guid, int)>();
        if (batch.Count == 0)
        {
            return settled;
        }

        try
        {
            await using var command = dataSource.CreateCommand(
                """
                SELECT h.call_id, h.attempt FROM unnest($1::uuid[], $2::integer[]) AS h(call_id, attempt)
                WHERE EXISTS (SELECT 1 FROM call_logs l
                              WHERE l.call_id = h.call_id AND l.attempt = h.attempt AND l.ended_at IS NOT NULL AND l.channel_uuid IS NOT NULL)
                  AND NOT EXISTS (SELECT 1 FROM campaign_items i
                                  WHERE i.call_id = h.call_id AND i.attempt = h.attempt AND i.state IN ('dialing', 'answered'))
                """);
            command.Parameters.Add(new() { Value = batch.Select(e => e.CallId).ToArray() });
            command.Parameters.Add(new() { Value = batch.Select(e => e.Attempt).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                settled.Add((reader.GetGuid(0), reader.GetInt32(1)));
            }
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            settled.Clear();
        }

        return settled;
    }

    // False when stopping.
    private async Task<bool> RecordAsync(CallEnd end, CancellationToken cancellationToken)
    {
        try
        {
            await ends.RecordHangupAsync(end, "inbound", cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            // Not a database outage (that is journalled): logged, and the session's copy or the reconciliation covers it.
            CallsLog.RecordFailed(logger, end.CallId, end.Attempt, "inbound", ex);
        }

        return true;
    }
}
