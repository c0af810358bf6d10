using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>
/// This instance's row in <c>controller_instances</c> and the leases of the items it holds. The heartbeat
/// renews both; an instance that dies stops renewing, and its leases expire for the rescuer.
/// </summary>
internal sealed class InstanceRegistry(NpgsqlDataSource dataSource, IOptions<DispatcherOptions> options, TimeProvider time)
{
    private readonly DispatcherOptions _options = options.Value;

    /// <summary>Records that this instance is alive and renews the leases of its items; returns how many leases it renewed.</summary>
    public async Task<int> HeartbeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expires = now.AddSeconds(_options.LeaseSeconds);
        await using var batch = dataSource.CreateBatch();
        var upsert = new NpgsqlBatchCommand(
            """
            INSERT INTO controller_instances (id, host, started_at, heartbeat_at, expires_at) VALUES ($1, $2, $3, $3, $4)
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
            """);
        upsert.Parameters.Add(new() { Value = _options.InstanceId });
        upsert.Parameters.Add(new() { Value = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}") });
        upsert.Parameters.Add(new() { Value = now });
        upsert.Parameters.Add(new() { Value = expires });
        var renew = new NpgsqlBatchCommand("UPDATE campaign_items SET lease_expires_at = $2 WHERE claimed_by = $1 AND state IN ('dialing', 'answered')");
        renew.Parameters.Add(new() { Value = _options.InstanceId });
        renew.Parameters.Add(new() { Value = expires });
        batch.BatchCommands.Add(upsert);
        batch.BatchCommands.Add(renew);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return renew.RecordsAffected;
    }

    /// <summary>Removes this instance's row (a clean shutdown); its items' leases run out as usual.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM controller_instances WHERE id = $1");
        command.Parameters.Add(new() { Value = _options.InstanceId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ids of instances whose heartbeat is current.</summary>
    public async Task<IReadOnlyList<string>> LiveInstancesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM controller_instances WHERE expires_at > $1 ORDER BY id");
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Items in dialing/answered whose lease has expired, oldest first.</summary>
    public async Task<IReadOnlyList<ExpiredLease>> ExpiredLeasesAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, call_id, attempt, leg_uuids, claimed_by, lease_expires_at FROM campaign_items
            WHERE state IN ('dialing', 'answered') AND lease_expires_at < $1
            ORDER BY lease_expires_at LIMIT $2
            """);
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var expired = new List<ExpiredLease>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            expired.Add(new ExpiredLease(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? [] : reader.GetFieldValue<Guid[]>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return expired;
    }
}
