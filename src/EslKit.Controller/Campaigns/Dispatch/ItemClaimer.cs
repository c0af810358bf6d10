using System.Diagnostics;
using EslKit.Controller.Diagnostics;
using EslKit.Controller.Routing;
using EslKit.Controller.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>
/// Claims due campaign items for this instance, holding every tenant and every trunk to its concurrency limit
/// across all instances on the database.
/// </summary>
/// <remarks>
/// Per tenant, one short transaction: lock the trunk row (the shared trial gateway, in <c>trunks</c>) and then
/// the tenant row (always in that order, so claimers never deadlock); then one statement counts the calls
/// active on the tenant and on the trunk (items in dialing/answered — counted, never a counter that can
/// drift) and claims at most the free slots with <c>UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)
/// RETURNING</c>, recording the instance, the claim time, the lease, the attempt and one origination UUID per
/// leg. Under READ COMMITTED that statement's snapshot is taken after the locks were granted, so it sees every
/// claim committed before it: the limits are exact. Slots free up as items leave dialing/answered. A full trunk
/// or tenant is not an error: the items wait. Items whose number is on the DNC list, whose campaign is not
/// running, or whose callee is outside the calling window (in the callee's zones, else the campaign's) are not
/// taken. Times come from the <see cref="TimeProvider"/>, so tests control windows and backoff.
/// </remarks>
internal sealed class ItemClaimer(
    NpgsqlDataSource dataSource,
    PhoneConfigService phoneConfigs,
    CallRouter router,
    IOptions<RoutingOptions> routing,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<ItemClaimer> logger)
{
    private const string ClaimSql =
        """
        WITH limits AS (
            SELECT
                (SELECT concurrency_limit FROM users WHERE id = $1)
                    - (SELECT count(*) FROM campaign_items WHERE tenant_id = $1 AND state IN ('dialing', 'answered')) AS tenant_free,
                CASE WHEN $8 THEN
                    (SELECT concurrency_limit FROM trunks WHERE name = $2)
                        - (SELECT count(*) FROM campaign_items WHERE trunk = $2 AND state IN ('dialing', 'answered'))
                ELSE 2147483647 END AS trunk_free
        ),
        due AS (
            SELECT i.id
            FROM campaign_items i
            JOIN campaigns c ON c.id = i.campaign_id
            WHERE c.tenant_id = $1 AND c.state = 'running'
              AND i.state IN ('pending', 'retry') AND i.next_attempt_at <= $3
              AND NOT EXISTS (SELECT 1 FROM dnc_numbers d WHERE d.tenant_id = $1 AND d.number = i.number)
              AND NOT EXISTS (
                  SELECT 1
                  FROM unnest(CASE WHEN cardinality(i.time_zones) = 0 THEN ARRAY[c.time_zone] ELSE i.time_zones END) AS z(name)
                  CROSS JOIN LATERAL (SELECT ($3 AT TIME ZONE z.name)::time AS local) AS t
                  WHERE NOT CASE WHEN c.window_start < c.window_end
                                 THEN t.local >= c.window_start AND t.local < c.window_end
                                 ELSE t.local >= c.window_start OR t.local < c.window_end END)
            ORDER BY i.next_attempt_at, i.id
            LIMIT (SELECT GREATEST(0, LEAST($4, tenant_free, trunk_free)) FROM limits)
            FOR UPDATE OF i SKIP LOCKED
        )
        UPDATE campaign_items i
        SET state = 'dialing', attempt = i.attempt + 1, attempts_used = i.attempts_used + 1, trunk = $2,
            claimed_by = $5, claimed_at = $3, lease_expires_at = $6,
            leg_uuids = CASE WHEN $7 = 2 THEN ARRAY[gen_random_uuid(), gen_random_uuid()] ELSE ARRAY[gen_random_uuid()] END,
            disposition = NULL, error = NULL, updated_at = $3
        FROM due
        WHERE i.id = due.id
        RETURNING i.id, i.campaign_id, i.number, i.call_id, i.attempt, i.leg_uuids, (SELECT caller_id FROM campaigns WHERE id = i.campaign_id)
        """;

    private readonly DispatcherOptions _options = options.Value;
    private int _gatewaySynced;

    /// <summary>
    /// One claim round: visits tenants with due items (least recently served first) and claims up to
    /// <paramref name="maxItems"/> items in all, each tenant's batch within its own and its trunk's free slots.
    /// </summary>
    public Task<IReadOnlyList<ClaimBatch>> ClaimAsync(int maxItems, CancellationToken cancellationToken) =>
        ClaimAsync(maxItems, includeTrial: true, cancellationToken);

    /// <summary>
    /// One claim round, as <see cref="ClaimAsync(int, CancellationToken)"/>; with <paramref name="includeTrial"/>
    /// false only pro tenants are visited (the node the calls go to has no registered shared gateway).
    /// </summary>
    public async Task<IReadOnlyList<ClaimBatch>> ClaimAsync(int maxItems, bool includeTrial, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        using var activity = ControllerDiagnostics.ActivitySource.StartActivity("claim");
        long started = Stopwatch.GetTimestamp();
        await SyncSharedGatewayAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var candidates = new List<(long TenantId, AccountType Type)>();
        await using (var select = dataSource.CreateCommand(
            """
            SELECT u.id, u.account_type FROM users u
            WHERE u.active AND ($3 OR u.account_type = 'pro')
              AND u.concurrency_limit > (SELECT count(*) FROM campaign_items a WHERE a.tenant_id = u.id AND a.state IN ('dialing', 'answered'))
              AND (u.account_type = 'pro' OR coalesce((SELECT t.concurrency_limit FROM trunks t WHERE t.name = $4), 0)
                                              > (SELECT count(*) FROM campaign_items a WHERE a.trunk = $4 AND a.state IN ('dialing', 'answered')))
              AND EXISTS (
                SELECT 1 FROM campaigns c JOIN campaign_items i ON i.campaign_id = c.id
                WHERE c.tenant_id = u.id AND c.state = 'running' AND i.state IN ('pending', 'retry') AND i.next_attempt_at <= $1)
            ORDER BY u.last_claim_at NULLS FIRST, u.id
            LIMIT $2
            """))
        {
            // Tenants (and the shared trunk) that look full are not visited: the dispatcher runs a round whenever a call
            // ends, and visiting every tenant cost a transaction and a row lock each while nearly all were at their limit.
            // Only a filter: the claim itself counts again under the locks, so the limits stay exact.
            select.Parameters.Add(new() { Value = now });
            select.Parameters.Add(new() { Value = _options.TenantsPerRound });
            select.Parameters.Add(new() { Value = includeTrial });
            select.Parameters.Add(new() { Value = router.TrunkFor(0, AccountType.Trial) });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                candidates.Add((reader.GetInt64(0), AccountTypes.Parse(reader.GetString(1))));
            }
        }

        var batches = new List<ClaimBatch>();
        int remaining = maxItems;
        foreach (var (tenantId, type) in candidates)
        {
            if (remaining == 0)
            {
                break;
            }

            var batch = await ClaimForTenantAsync(tenantId, type, Math.Min(remaining, _options.ClaimBatchSize), cancellationToken).ConfigureAwait(false);
            if (batch is { Items.Count: > 0 })
            {
                batches.Add(batch);
                remaining -= batch.Items.Count;
            }
        }

        int claimed = maxItems - remaining;
        activity?.SetTag("eslkit.claimed", claimed);
        ControllerDiagnostics.ItemsClaimed.Add(claimed);
        ControllerDiagnostics.ClaimDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return batches;
    }

    /// <summary>Claims up to <paramref name="maxItems"/> of one tenant's due items (see the class remarks).</summary>
    public async Task<ClaimBatch?> ClaimForTenantAsync(long tenantId, AccountType expectedType, int maxItems, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        string trunk = router.TrunkFor(tenantId, expectedType);
        bool sharedTrunk = expectedType == AccountType.Trial;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (sharedTrunk)
        {
            await using var lockTrunk = new NpgsqlCommand("SELECT 1 FROM trunks WHERE name = $1 FOR UPDATE", connection, transaction) { Parameters = { new() { Value = trunk } } };
            await lockTrunk.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        PhoneConfig? config;
        await using (var lockTenant = new NpgsqlCommand(
            """
            SELECT u.account_type, u.active,
                   p.sip_username, p.sip_password_key_id, p.sip_password_ciphertext, p.sip_proxy_primary, p.sip_proxy_secondary, p.sip_caller_id
            FROM users u LEFT JOIN phone_config p ON p.tenant_id = u.id
            WHERE u.id = $1
            FOR UPDATE OF u
            """, connection, transaction) { Parameters = { new() { Value = tenantId } } })
        await using (var reader = await lockTenant.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                || AccountTypes.Parse(reader.GetString(0)) != expectedType
                || !reader.GetBoolean(1))
            {
                // Gone, deactivated, or its account type changed since the candidates were read (then its trunk
                // lock was the wrong one): leave it for the next round.
                return null;
            }

            config = expectedType == AccountType.Pro ? phoneConfigs.Read(reader, tenantId, 2) : null;
        }

        var items = new List<ClaimedItem>();
        await using (var claim = new NpgsqlCommand(ClaimSql, connection, transaction))
        {
            claim.Parameters.Add(new() { Value = tenantId });
            claim.Parameters.Add(new() { Value = trunk });
            claim.Parameters.Add(new() { Value = now });
            claim.Parameters.Add(new() { Value = maxItems });
            claim.Parameters.Add(new() { Value = _options.InstanceId });
            var leaseExpires = now.AddSeconds(_options.LeaseSeconds);
            claim.Parameters.Add(new() { Value = leaseExpires });
            claim.Parameters.Add(new() { Value = CallRouter.LegCount(expectedType, config) });
            claim.Parameters.Add(new() { Value = sharedTrunk });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new ClaimedItem(
                    reader.GetInt64(0),
                    reader.GetInt64(1),
                    tenantId,
                    expectedType,
                    reader.GetString(2),
                    reader.GetGuid(3),
                    reader.GetInt32(4),
                    reader.GetFieldValue<Guid[]>(5),
                    trunk,
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    leaseExpires));
            }
        }

        await using (var served = new NpgsqlCommand("UPDATE users SET last_claim_at = $2 WHERE id = $1", connection, transaction))
        {
            served.Parameters.Add(new() { Value = tenantId });
            served.Parameters.Add(new() { Value = now });
            await served.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (items.Count > 0)
        {
            Log.ItemsClaimed(logger, _options.InstanceId, items.Count, tenantId, trunk);
        }

        return new ClaimBatch(tenantId, config, items);
    }

    /// <summary>Makes sure the shared gateway's trunk row exists with the configured limit (once per process).</summary>
    public async Task SyncSharedGatewayAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _gatewaySynced) == 1)
        {
            return;
        }

        var r = routing.Value;
        await using var command = dataSource.CreateCommand(
            "INSERT INTO trunks (name, concurrency_limit) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET concurrency_limit = excluded.concurrency_limit, updated_at = now()");
        command.Parameters.Add(new() { Value = TrunkNames.Gateway(r.SharedGateway) });
        command.Parameters.Add(new() { Value = r.SharedGatewayConcurrencyLimit });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _gatewaySynced, 1);
    }
}
