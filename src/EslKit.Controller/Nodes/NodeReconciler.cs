using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns.Dispatch;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Nodes;

/// <summary>
/// Compares what a node has (<c>show channels</c>) with the calls the database thinks are up on it — attempts sent
/// there (call-log start with that node, no end) whose items are still dialing/answered, claimed more than
/// <see cref="DispatcherOptions.ReconcileGraceSeconds"/> ago (an originate in flight has no channel yet). A call
/// none of whose origination UUIDs is among the node's channels ended while nobody heard it (the node was down or
/// every connection to it lost): it ends <c>NODE_LOST</c> (answered → done; else retried, spending the attempt).
/// Runs when a node becomes ready (it came back, or this instance started) and every
/// <see cref="DispatcherOptions.ReconcileSeconds"/> while it stays ready. Several instances may reconcile the same
/// node: every write is idempotent per call id and attempt. Not while this instance's journal holds results (the
/// end of a call that looks lost may be in it).
/// <para>
/// A node that never comes back (<see cref="WatchAsync"/>): while this instance has a node's event socket connected
/// it records the contact in <c>node_contacts</c>; once the node has been unreachable for
/// <see cref="DispatcherOptions.LostCallGraceSeconds"/> for this instance and no instance has recorded a contact for
/// as long, the calls the database thinks are up there are closed as lost (<c>NODE_UNREACHABLE</c>: final, never
/// re-dialled since they may have been answered; answered → done, else failed; the call log ends with that cause and
/// no billable time), which releases their tenant and trunk slots. If the node does come back later, those calls'
/// late hangups change nothing (call logs and outcomes apply once).
/// </para>
/// </summary>
internal sealed class NodeReconciler(
    NodeRegistry registry,
    NpgsqlDataSource dataSource,
    CallEndRecorder ends,
    ResultJournal journal,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<NodeReconciler> logger) : BackgroundService
{
    private readonly DispatcherOptions _options = options.Value;
    private readonly Dictionary<string, DateTimeOffset> _unreachableSince = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _contactRecorded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _watching = new(1, 1);

    /// <summary>
    /// Looks at one node (the loop does so every second): records a contact while this instance reaches it, notes since
    /// when it does not, and closes its calls as lost once nobody has reached it for
    /// <see cref="DispatcherOptions.LostCallGraceSeconds"/> (see the class remarks). Returns how many calls it closed.
    /// </summary>
    public async Task<int> WatchAsync(FreeSwitchNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        await _watching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var grace = TimeSpan.FromSeconds(_options.LostCallGraceSeconds);
            if (node.IsConnected)
            {
                _unreachableSince.Remove(node.Name);

                // Often enough that a node reached by any instance is never taken for lost: a few times per grace.
                var every = TimeSpan.FromSeconds(Math.Clamp(_options.LostCallGraceSeconds / 4, 1, 30));
                if (!_contactRecorded.TryGetValue(node.Name, out var recorded) || now - recorded >= every)
                {
                    await using var contact = dataSource.CreateCommand(
                        "INSERT INTO node_contacts (node, seen_at) VALUES ($1, $2) ON CONFLICT (node) DO UPDATE SET seen_at = greatest(node_contacts.seen_at, excluded.seen_at)");
                    contact.Parameters.Add(new() { Value = node.Name });
                    contact.Parameters.Add(new() { Value = now });
                    await contact.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    _contactRecorded[node.Name] = now;
                }

                return 0;
            }

            if (!_unreachableSince.TryGetValue(node.Name, out var since))
            {
                _unreachableSince[node.Name] = since = now;
            }

            // Not while results wait in the journal: a call it holds the end of would look lost.
            if (_options.LostCallGraceSeconds == 0 || now - since < grace || journal.Depth > 0)
            {
                return 0;
            }

            return await CloseLostCallsAsync(node, now - grace, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _watching.Release();
        }
    }

    private async Task<int> CloseLostCallsAsync(FreeSwitchNode node, DateTimeOffset unreachableSince, CancellationToken cancellationToken)
    {
        var lost = new List<(Guid CallId, int Attempt)>();
        await using (var command = dataSource.CreateCommand(
            """
            SELECT i.call_id, i.attempt
            FROM call_logs l JOIN campaign_items i ON i.call_id = l.call_id AND i.attempt = l.attempt
            WHERE l.node = $1 AND l.ended_at IS NULL AND i.state IN ('dialing', 'answered')
              AND NOT EXISTS (SELECT 1 FROM node_contacts c WHERE c.node = $1 AND c.seen_at > $2)
            """))
        {
            command.Parameters.Add(new() { Value = node.Name });
            command.Parameters.Add(new() { Value = unreachableSince });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lost.Add((reader.GetGuid(0), reader.GetInt32(1)));
            }
        }

        foreach (var (callId, attempt) in lost)
        {
            await ends.RecordOriginateFailureAsync(callId, attempt, HangupCauses.NodeUnreachable, node.Name, cancellationToken).ConfigureAwait(false);
        }

        if (lost.Count > 0)
        {
            RescueLog.LostCallsClosed(logger, node.Name, _options.LostCallGraceSeconds, lost.Count);
        }

        return lost.Count;
    }

    /// <summary>Reconciles one node now; returns (calls still up, calls ended as lost).</summary>
    public async Task<(int Up, int Gone)> ReconcileAsync(FreeSwitchNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var before = time.GetUtcNow().AddSeconds(-_options.ReconcileGraceSeconds);
        var open = new List<(Guid CallId, int Attempt, Guid[] Legs)>();
        await using (var command = dataSource.CreateCommand(
            """
            SELECT i.call_id, i.attempt, coalesce(i.leg_uuids, '{}')
            FROM call_logs l JOIN campaign_items i ON i.call_id = l.call_id AND i.attempt = l.attempt
            WHERE l.node = $1 AND l.ended_at IS NULL AND i.state IN ('dialing', 'answered') AND i.claimed_at < $2
            """))
        {
            command.Parameters.Add(new() { Value = node.Name });
            command.Parameters.Add(new() { Value = before });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                open.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetFieldValue<Guid[]>(2)));
            }
        }

        if (open.Count == 0)
        {
            return (0, 0);
        }

        var reply = await node.Client.ApiAsync("show", "channels", cancellationToken).ConfigureAwait(false);
        var channels = ChannelUuids(reply.Body);
        int up = 0;
        int gone = 0;
        foreach (var (callId, attempt, legs) in open)
        {
            if (legs.Any(channels.Contains))
            {
                up++;
                continue;
            }

            gone++;
            await ends.RecordOriginateFailureAsync(callId, attempt, HangupCauses.NodeLost, node.Name, cancellationToken).ConfigureAwait(false);
        }

        RescueLog.Reconciled(logger, node.Name, up, gone);
        return (up, gone);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _watching.Dispose();
        base.Dispose();
    }

    /// <summary>The channel UUIDs of <c>show channels</c>' CSV (the first field of each row).</summary>
    internal static HashSet<Guid> ChannelUuids(string? text)
    {
        var uuids = new HashSet<Guid>();
        foreach (var line in (text ?? "").AsSpan().EnumerateLines())
        {
            int comma = line.IndexOf(',');
            if (comma == 36 && Guid.TryParseExact(line[..comma], "D", out var uuid))
            {
                uuids.Add(uuid);
            }
        }

        return uuids;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (registry.Nodes.Count == 0)
        {
            return;
        }

        var wasReady = registry.Nodes.ToDictionary(n => n.Name, _ => false, StringComparer.Ordinal);
        var lastRun = registry.Nodes.ToDictionary(n => n.Name, _ => DateTimeOffset.MinValue, StringComparer.Ordinal);
        var every = TimeSpan.FromSeconds(_options.ReconcileSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var node in registry.Nodes)
            {
                bool ready = node.IsReady;
                var now = time.GetUtcNow();
                // Not while results wait in the journal: a call it holds the end of would look lost.
                if (ready && journal.Depth == 0 && (!wasReady[node.Name] || now - lastRun[node.Name] >= every))
                {
                    try
                    {
                        await ReconcileAsync(node, stoppingToken).ConfigureAwait(false);
                        lastRun[node.Name] = now;
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex) when (ex is EslException or NpgsqlException or TimeoutException)
                    {
                        RescueLog.ReconcileFailed(logger, node.Name, ex.GetType().Name);
                        ready = false; // try again on the next look
                    }
                }

                wasReady[node.Name] = ready && journal.Depth == 0;
                try
                {
                    await WatchAsync(node, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    RescueLog.ReconcileFailed(logger, node.Name, ex.GetType().Name);
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
