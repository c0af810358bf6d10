using EslKit.Controller.Calls;
using EslKit.Controller.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>
/// Rescues the items of instances that died: items in dialing/answered whose lease lapsed and whose instance's
/// heartbeat row expired. Whoever takes an item first owns it (one <c>UPDATE … FOR UPDATE SKIP LOCKED</c> that
/// re-checks the lease), then decides without dialling anything twice:
/// <list type="bullet">
/// <item>no call-log start for the attempt: its originate was never sent (the start is written before) → the item
/// waits again, the attempt not counted;</item>
/// <item>the attempt's end is already in the call log (heard by some instance's hangup listener): its outcome is
/// applied;</item>
/// <item>otherwise the node it was sent to is asked <c>uuid_exists</c> for each origination UUID: one exists → the
/// call is up and this instance adopts it (its hangup is heard by every instance); none → the call is gone and
/// nobody heard its end: it ends <c>INSTANCE_LOST</c> (answered → done; else retried, spending the attempt);</item>
/// <item>the node is not connected: the item stays held by this instance until the node is back and reconciled.</item>
/// </list>
/// Either way the dead instance's slots are released as its items leave dialing/answered.
/// </summary>
internal sealed class LeaseRescuer(
    NpgsqlDataSource dataSource,
    NodeRegistry nodes,
    OutcomeRecorder outcomes,
    CallEndRecorder ends,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<LeaseRescuer> logger)
{
    private const int BatchSize = 100;
    private readonly DispatcherOptions _options = options.Value;

    /// <summary>One pass; returns how many items it took over.</summary>
    public async Task<int> RescueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var taken = new List<Rescued>();
        await using (var command = dataSource.CreateCommand(
            """
            WITH lapsed AS (
                SELECT i.id FROM campaign_items i
                WHERE i.state IN ('dialing', 'answered') AND i.lease_expires_at < $1
                  AND NOT EXISTS (SELECT 1 FROM controller_instances ci WHERE ci.id = i.claimed_by AND ci.expires_at > $1)
                ORDER BY i.lease_expires_at
                LIMIT $2
                FOR UPDATE OF i SKIP LOCKED
            )
            UPDATE campaign_items i SET claimed_by = $3, lease_expires_at = $4
            FROM lapsed
            WHERE i.id = lapsed.id AND i.state IN ('dialing', 'answered') AND i.lease_expires_at < $1
            RETURNING i.call_id, i.attempt, i.state, coalesce(i.leg_uuids, '{}'),
                      EXISTS (SELECT 1 FROM call_logs l WHERE l.call_id = i.call_id AND l.attempt = i.attempt),
                      (SELECT l.node FROM call_logs l WHERE l.call_id = i.call_id AND l.attempt = i.attempt),
                      coalesce((SELECT l.ended_at IS NOT NULL FROM call_logs l WHERE l.call_id = i.call_id AND l.attempt = i.attempt), false),
                      (SELECT l.hangup_cause FROM call_logs l WHERE l.call_id = i.call_id AND l.attempt = i.attempt),
                      coalesce((SELECT l.answered_at IS NOT NULL FROM call_logs l WHERE l.call_id = i.call_id AND l.attempt = i.attempt), false)
            """))
        {
            command.Parameters.Add(new() { Value = now });
            command.Parameters.Add(new() { Value = BatchSize });
            command.Parameters.Add(new() { Value = _options.InstanceId });
            command.Parameters.Add(new() { Value = now.AddSeconds(_options.LeaseSeconds) });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                taken.Add(new Rescued(
                    reader.GetGuid(0),
                    reader.GetInt32(1),
                    reader.GetString(2),
                    reader.GetFieldValue<Guid[]>(3),
                    reader.GetBoolean(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.GetBoolean(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.GetBoolean(8)));
            }
        }

        foreach (var item in taken)
        {
            await DecideAsync(item, cancellationToken).ConfigureAwait(false);
        }

        return taken.Count;
    }

    private async Task DecideAsync(Rescued item, CancellationToken cancellationToken)
    {
        if (!item.Started && item.State == "dialing")
        {
            await outcomes.ReleaseAsync(item.CallId, item.Attempt, cancellationToken).ConfigureAwait(false);
            RescueLog.Released(logger, item.CallId, item.Attempt);
            return;
        }

        if (item.Ended)
        {
            await outcomes.RecordEndAsync(item.CallId, item.Attempt, item.HangupCause ?? HangupCauses.InstanceLost, item.Answered, cancellationToken).ConfigureAwait(false);
            RescueLog.Settled(logger, item.CallId, item.Attempt, item.HangupCause ?? HangupCauses.InstanceLost);
            return;
        }

        var node = nodes.Find(item.Node);
        if (node is null || !node.IsConnected)
        {
            RescueLog.NodeAway(logger, item.CallId, item.Attempt, item.Node ?? "unknown");
            return;
        }

        foreach (var leg in item.Legs)
        {
            var reply = await node.Client.ApiAsync("uuid_exists", leg.ToString("D"), cancellationToken).ConfigureAwait(false);
            if (reply.Body.Trim() == "true")
            {
                node.TrackCall(item.CallId, item.Attempt);
                RescueLog.Adopted(logger, item.CallId, item.Attempt, node.Name, leg);
                return;
            }
        }

        await ends.RecordOriginateFailureAsync(item.CallId, item.Attempt, HangupCauses.InstanceLost, node.Name, cancellationToken).ConfigureAwait(false);
        RescueLog.Settled(logger, item.CallId, item.Attempt, HangupCauses.InstanceLost);
    }

    private sealed record Rescued(Guid CallId, int Attempt, string State, Guid[] Legs, bool Started, string? Node, bool Ended, string? HangupCause, bool Answered);
}
