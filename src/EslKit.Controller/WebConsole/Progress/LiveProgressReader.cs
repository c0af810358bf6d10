using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using Npgsql;

namespace EslKit.Controller.WebConsole.Progress;

/// <summary>
/// Reads a campaign's <see cref="LiveProgress"/> for its tenant: the counts from <see cref="CampaignService.GetProgressAsync"/>
/// (the API's), the tenant's active calls against its limit, and the attempts started per second lately (call_logs).
/// Another tenant's campaign is not found.
/// </summary>
internal sealed class LiveProgressReader(CampaignService campaigns, TenantService tenants, NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>The window calls per second is measured over.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    /// <summary>The campaign's progress now.</summary>
    /// <exception cref="NotFoundException">No such campaign for this tenant.</exception>
    public async Task<LiveProgress> ReadAsync(long tenantId, long campaignId, CancellationToken cancellationToken)
    {
        var progress = await campaigns.GetProgressAsync(tenantId, campaignId, cancellationToken).ConfigureAwait(false);
        var tenant = await tenants.GetAsync(tenantId, cancellationToken).ConfigureAwait(false);
        await using var command = dataSource.CreateCommand(
            """
            SELECT (SELECT count(*)::int FROM campaign_items WHERE tenant_id = $1 AND state IN ('dialing', 'answered')),
                   (SELECT count(*)::int FROM call_logs WHERE tenant_id = $1 AND campaign_id = $2 AND created_at >= $3)
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = campaignId });
        command.Parameters.Add(new() { Value = time.GetUtcNow() - RateWindow });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        int active = reader.GetInt32(0);
        int recent = reader.GetInt32(1);

        int settled = progress.ByState
            .Where(p => p.Key is ItemState.Done or ItemState.Failed or ItemState.Skipped or ItemState.Cancelled)
            .Sum(p => p.Value);
        int percent = progress.Total == 0 ? 0 : settled == progress.Total ? 100 : Math.Min(99, (int)(settled * 100L / progress.Total));
        int inFlight = progress.ByState[ItemState.Dialing] + progress.ByState[ItemState.Answered];
        bool finished = progress.State is CampaignState.Completed or CampaignState.Cancelled && inFlight == 0;
        return new LiveProgress(
            campaignId,
            progress.State.ToText(),
            progress.Total,
            settled,
            percent,
            progress.ByState.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToText(), p => p.Value, StringComparer.Ordinal),
            progress.ByDisposition,
            active,
            tenant.ConcurrencyLimit,
            Math.Round(recent / RateWindow.TotalSeconds, 1),
            finished);
    }
}
