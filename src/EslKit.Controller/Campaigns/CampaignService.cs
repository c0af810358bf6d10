using System.Text.Json;
using EslKit.Controller.Diagnostics;
using EslKit.Controller.Routing;
using EslKit.Controller.Tenants;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace EslKit.Controller.Campaigns;

/// <summary>
/// Campaigns as application services (the demo, the HTTP API and the console call these): create, read,
/// start, pause, resume, cancel, and progress. Every call that names a campaign also names its tenant, and a
/// campaign of another tenant is "not found".
/// </summary>
internal sealed class CampaignService(NpgsqlDataSource dataSource, TenantService tenants, TimeProvider time, ILogger<CampaignService> logger)
{
    private const string Columns =
        "id, tenant_id, name, state, max_attempts, retry_policy, window_start, window_end, time_zone, default_region, caller_id, created_at, started_at, finished_at";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates a campaign in the draft state.</summary>
    /// <exception cref="InputRejectedException">A bad name, attempts, policy, window, zone, region or caller ID.</exception>
    /// <exception cref="NotFoundException">No such tenant.</exception>
    public async Task<Campaign> CreateAsync(NewCampaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var tenant = await tenants.GetAsync(campaign.TenantId, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(campaign.Name) || campaign.Name.Length > 200 || campaign.Name.Any(char.IsControl))
        {
            throw new InputRejectedException("name", string.IsNullOrWhiteSpace(campaign.Name) ? InputError.Required : InputError.InvalidFormat);
        }

        if (campaign.MaxAttempts is < 1 or > 20)
        {
            throw new InputRejectedException("maxAttempts", InputError.OutOfRange, "1 to 20");
        }

        var policy = campaign.RetryPolicy ?? new RetryPolicy();
        policy.Check();
        var window = campaign.Window ?? CallingWindow.Default;
        if (window.Start == window.End)
        {
            throw new InputRejectedException("window", InputError.InvalidFormat, "the window is empty");
        }

        string region = campaign.DefaultRegion is null ? tenant.DefaultRegion : TenantService.CheckRegion(campaign.DefaultRegion, "defaultRegion");
        if (campaign.CallerId is not null)
        {
            if (!tenant.MayOverrideCallerId)
            {
                throw new InputRejectedException("callerId", InputError.NotAllowed, "the tenant may not override its caller ID");
            }

            CallRouter.CheckCallerId(campaign.CallerId, "callerId");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await CheckTimeZoneAsync(connection, campaign.TimeZone, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO campaigns (tenant_id, name, max_attempts, retry_policy, window_start, window_end, time_zone, default_region, caller_id, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            RETURNING {Columns}
            """, connection);
        command.Parameters.Add(new() { Value = campaign.TenantId });
        command.Parameters.Add(new() { Value = campaign.Name });
        command.Parameters.Add(new() { Value = campaign.MaxAttempts });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(policy, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = window.Start });
        command.Parameters.Add(new() { Value = window.End });
        command.Parameters.Add(new() { Value = campaign.TimeZone });
        command.Parameters.Add(new() { Value = region });
        command.Parameters.Add(new() { Value = (object?)campaign.CallerId ?? DBNull.Value });
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Read(reader);
    }

    /// <summary>
    /// Deletes a draft that has no numbers (one just created whose import failed) and says whether it did; a campaign
    /// that was started or got numbers meanwhile is kept.
    /// </summary>
    public async Task<bool> DeleteNewDraftAsync(long tenantId, long campaignId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            DELETE FROM campaigns c WHERE c.id = $1 AND c.tenant_id = $2 AND c.state = 'draft'
                AND NOT EXISTS (SELECT 1 FROM campaign_items i WHERE i.campaign_id = c.id)
            """);
        command.Parameters.Add(new() { Value = campaignId });
        command.Parameters.Add(new() { Value = tenantId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>The tenant's campaign.</summary>
    /// <exception cref="NotFoundException">No such campaign for this tenant.</exception>
    public async Task<Campaign> GetAsync(long tenantId, long campaignId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM campaigns WHERE id = $1 AND tenant_id = $2");
        command.Parameters.Add(new() { Value = campaignId });
        command.Parameters.Add(new() { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : throw new NotFoundException("Campaign", campaignId);
    }

    /// <summary>The tenant's campaigns, newest first.</summary>
    public async Task<IReadOnlyList<Campaign>> ListAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM campaigns WHERE tenant_id = $1 ORDER BY id DESC");
        command.Parameters.Add(new() { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var campaigns = new List<Campaign>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            campaigns.Add(Read(reader));
        }

        return campaigns;
    }

    /// <summary>Draft → running: its due items become claimable.</summary>
    public Task<Campaign> StartAsync(long tenantId, long campaignId, CancellationToken cancellationToken) =>
        TransitionAsync(tenantId, campaignId, [CampaignState.Draft], CampaignState.Running, cancellationToken);

    /// <summary>Running → paused: nothing new is dialled; calls in progress finish.</summary>
    public Task<Campaign> PauseAsync(long tenantId, long campaignId, CancellationToken cancellationToken) =>
        TransitionAsync(tenantId, campaignId, [CampaignState.Running], CampaignState.Paused, cancellationToken);

    /// <summary>Paused → running.</summary>
    public Task<Campaign> ResumeAsync(long tenantId, long campaignId, CancellationToken cancellationToken) =>
        TransitionAsync(tenantId, campaignId, [CampaignState.Paused], CampaignState.Running, cancellationToken);

    /// <summary>Draft, running or paused → cancelled: waiting items become cancelled; calls in progress finish.</summary>
    public Task<Campaign> CancelAsync(long tenantId, long campaignId, CancellationToken cancellationToken) =>
        TransitionAsync(tenantId, campaignId, [CampaignState.Draft, CampaignState.Running, CampaignState.Paused], CampaignState.Cancelled, cancellationToken);

    /// <summary>The campaign's items counted by state and by disposition.</summary>
    public async Task<CampaignProgress> GetProgressAsync(long tenantId, long campaignId, CancellationToken cancellationToken)
    {
        var campaign = await GetAsync(tenantId, campaignId, cancellationToken).ConfigureAwait(false);
        await using var command = dataSource.CreateCommand(
            "SELECT state, disposition, count(*)::int FROM campaign_items WHERE campaign_id = $1 GROUP BY state, disposition");
        command.Parameters.Add(new() { Value = campaignId });
        var byState = Enum.GetValues<ItemState>().ToDictionary(s => s, _ => 0);
        var byDisposition = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            int count = reader.GetInt32(2);
            total += count;
            byState[ItemStates.Parse(reader.GetString(0))] += count;
            if (!reader.IsDBNull(1))
            {
                string disposition = reader.GetString(1);
                byDisposition[disposition] = byDisposition.GetValueOrDefault(disposition) + count;
            }
        }

        return new CampaignProgress(campaignId, campaign.State, total, byState, byDisposition);
    }

    private async Task<Campaign> TransitionAsync(long tenantId, long campaignId, CampaignState[] from, CampaignState to, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var update = new NpgsqlCommand(
            $"""
            UPDATE campaigns SET state = $3,
                started_at = CASE WHEN $3 = 'running' THEN coalesce(started_at, $5) ELSE started_at END,
                finished_at = CASE WHEN $3 = 'cancelled' THEN $5 ELSE finished_at END
            WHERE id = $1 AND tenant_id = $2 AND state = ANY($4)
            RETURNING {Columns}
            """, connection, transaction);
        update.Parameters.Add(new() { Value = campaignId });
        update.Parameters.Add(new() { Value = tenantId });
        update.Parameters.Add(new() { Value = to.ToText() });
        update.Parameters.Add(new() { Value = from.Select(s => s.ToText()).ToArray() });
        update.Parameters.Add(new() { Value = now });
        Campaign? changed = null;
        await using (var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                changed = Read(reader);
            }
        }

        if (changed is null)
        {
            // Tell "no such campaign" from "not in a state that allows this".
            await GetAsync(tenantId, campaignId, cancellationToken).ConfigureAwait(false);
            throw new InputRejectedException("state", InputError.InvalidState, $"cannot become {to.ToText()}");
        }

        if (to == CampaignState.Cancelled)
        {
            await using var cancel = new NpgsqlCommand(
                "UPDATE campaign_items SET state = 'cancelled', disposition = 'cancelled', finished_at = $2, updated_at = $2 WHERE campaign_id = $1 AND state IN ('pending', 'retry')",
                connection,
                transaction);
            cancel.Parameters.Add(new() { Value = campaignId });
            cancel.Parameters.Add(new() { Value = now });
            await cancel.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        Log.CampaignStateChanged(logger, campaignId, to.ToText());
        if (to == CampaignState.Running && await CampaignCompletion.CompleteIfSettledAsync(connection, transaction, campaignId, now, logger, cancellationToken).ConfigureAwait(false))
        {
            // Nothing left to dial (every item skipped or settled): started and completed at once.
            changed = changed with { State = CampaignState.Completed, FinishedAt = now };
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>Refuses a time zone PostgreSQL does not know (the claim computes local times there).</summary>
    internal static async Task CheckTimeZoneAsync(NpgsqlConnection connection, string? zone, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(zone) || zone.Length > 64)
        {
            throw new InputRejectedException("timeZone", InputError.UnknownZone);
        }

        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)", connection);
        command.Parameters.Add(new() { Value = zone });
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
        {
            throw new InputRejectedException("timeZone", InputError.UnknownZone);
        }
    }

    private static Campaign Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetInt64(1),
        reader.GetString(2),
        CampaignStates.Parse(reader.GetString(3)),
        reader.GetInt32(4),
        JsonSerializer.Deserialize<RetryPolicy>(reader.GetString(5), Json)!,
        new CallingWindow(reader.GetFieldValue<TimeOnly>(6), reader.GetFieldValue<TimeOnly>(7)),
        reader.GetString(8),
        reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.GetFieldValue<DateTimeOffset>(11),
        reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
        reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13));
}
