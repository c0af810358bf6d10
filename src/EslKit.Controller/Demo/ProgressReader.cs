using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using EslKit.Controller.Routing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Demo;

/// <summary>Reads the demo's progress: the campaigns' counts (CampaignService), active calls per tenant and trunk (the database), the node's calls and the dispatcher's rate.</summary>
internal sealed class ProgressReader(
    NpgsqlDataSource dataSource,
    CampaignService campaigns,
    CallDispatcher dispatcher,
    NodeRegistry nodes,
    IOptions<RoutingOptions> routing,
    TimeProvider time)
{
    private readonly Queue<(DateTimeOffset At, long Sent)> _samples = new();

    /// <summary>A snapshot of <paramref name="run"/>, <paramref name="elapsed"/> after it started.</summary>
    public async Task<ProgressSnapshot> ReadAsync(DemoRun run, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        string trunk = TrunkNames.Gateway(routing.Value.SharedGateway);
        var active = new Dictionary<long, int>();
        int trunkActive = 0;
        await using (var command = dataSource.CreateCommand(
            """
            SELECT tenant_id, count(*)::int, count(*) FILTER (WHERE trunk = $2)::int FROM campaign_items
            WHERE state IN ('dialing', 'answered') AND tenant_id = ANY($1) GROUP BY tenant_id
            """))
        {
            command.Parameters.Add(new() { Value = run.Tenants.Select(t => t.Id).ToArray() });
            command.Parameters.Add(new() { Value = trunk });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                active[reader.GetInt64(0)] = reader.GetInt32(1);
                trunkActive += reader.GetInt32(2);
            }
        }

        var lines = new List<CampaignLine>();
        foreach (var (tenant, campaign) in run.Tenants.Zip(run.Campaigns))
        {
            var progress = await campaigns.GetProgressAsync(tenant.Id, campaign.Id, cancellationToken).ConfigureAwait(false);
            lines.Add(new CampaignLine(tenant.Name, tenant.AccountType, active.GetValueOrDefault(tenant.Id), tenant.ConcurrencyLimit, progress));
        }

        var node = nodes.Nodes[0];
        return new ProgressSnapshot(
            elapsed,
            lines,
            trunk,
            trunkActive,
            routing.Value.SharedGatewayConcurrencyLimit,
            node.Name,
            node.ActiveCalls,
            node.Options.CallsPerSecond,
            Rate(dispatcher.OriginatesSent),
            await RefusalsAsync(run, cancellationToken).ConfigureAwait(false));
    }

    // Originates per second over the last three seconds of samples.
    private double Rate(long sent)
    {
        var now = time.GetUtcNow();
        _samples.Enqueue((now, sent));
        while (_samples.Count > 1 && now - _samples.Peek().At > TimeSpan.FromSeconds(3))
        {
            _samples.Dequeue();
        }

        var (at, first) = _samples.Peek();
        double seconds = (now - at).TotalSeconds;
        return (sent - first) / Math.Max(1, seconds);
    }

    private async Task<long> RefusalsAsync(DemoRun run, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM call_logs WHERE campaign_id = ANY($1) AND hangup_cause = $2");
        command.Parameters.Add(new() { Value = run.Campaigns.Select(c => c.Id).ToArray() });
        command.Parameters.Add(new() { Value = HangupCauses.DestinationOutOfOrder });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
    }
}
