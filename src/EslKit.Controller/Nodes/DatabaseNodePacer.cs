using EslKit.Controller.Campaigns.Dispatch;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace EslKit.Controller.Nodes;

/// <summary>
/// The <see cref="INodePacer"/> every instance shares: each node's permits live in one <c>node_pacing</c> row and are
/// taken by <c>eslkit_node_permits</c> (migrations 0002, 0005) under that row's lock, on the database's clock. A
/// permit is pending from its grant until the node has read its originate (<see cref="SettleAsync"/>), and counts
/// all that time; then it joins a sliding log of the last window (one second plus
/// <see cref="DispatcherOptions.PacingMarginMilliseconds"/>) stamped with that moment. So the originates all instances
/// send to a node never pass its calls per second in any second of the node's own reading, however many instances
/// there are, whatever their clocks say and however late a busy machine sends. A pause (the node's throttle
/// answered) holds for every instance.
/// </summary>
internal sealed class DatabaseNodePacer(NpgsqlDataSource dataSource, IOptions<DispatcherOptions> options) : INodePacer
{
    /// <summary>How long a pending permit counts when it is never settled (its instance died): longer than the ESL client waits for any reply (30 s).</summary>
    internal static readonly TimeSpan PendingHold = TimeSpan.FromSeconds(60);

    private readonly TimeSpan _window = TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(options.Value.PacingMarginMilliseconds);

    /// <inheritdoc/>
    public async ValueTask<PacerGrant> AcquireAsync(string node, int callsPerSecond, int wanted, CancellationToken cancellationToken)
    {
        var (grant, takenAt) = await TakeAsync(node, callsPerSecond, wanted, take: true, cancellationToken).ConfigureAwait(false);
        return grant with { TakenAt = takenAt };
    }

    /// <inheritdoc/>
    public async ValueTask<PacerGrant> PeekAsync(string node, int callsPerSecond, int wanted, CancellationToken cancellationToken) =>
        (await TakeAsync(node, callsPerSecond, wanted, take: false, cancellationToken).ConfigureAwait(false)).Grant;

    /// <summary>Takes (or, without <paramref name="take"/>, counts) permits; also returns the database time they were taken at.</summary>
    internal async Task<(PacerGrant Grant, DateTimeOffset TakenAt)> TakeAsync(string node, int callsPerSecond, int wanted, bool take, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(callsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        await using var command = dataSource.CreateCommand("SELECT granted, taken_at, retry_after_ms FROM eslkit_node_permits($1, $2, $3, $4, $5, $6)");
        command.Parameters.Add(new() { Value = node });
        command.Parameters.Add(new() { Value = callsPerSecond });
        command.Parameters.Add(new() { Value = wanted });
        command.Parameters.Add(new() { Value = _window, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new() { Value = PendingHold, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new() { Value = take });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var grant = new PacerGrant(reader.GetInt32(0), TimeSpan.FromMilliseconds(reader.GetInt32(2)));
        return (grant, reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <inheritdoc/>
    public async ValueTask ReleaseAsync(string node, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return;
        }

        // Taken, never sent: still pending. The newest are the last ones of the array (appended in time order under the row lock).
        await using var command = dataSource.CreateCommand(
            "UPDATE node_pacing SET pending = pending[1:greatest(0, cardinality(pending) - $2)] WHERE node = $1");
        command.Parameters.Add(new() { Value = node });
        command.Parameters.Add(new() { Value = count });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask SettleAsync(string node, DateTimeOffset takenAt, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return;
        }

        // Under the row's lock: count pending permits of that grant leave pending, as many join the log at the
        // database's now (both expressions read the row as it was).
        await using var command = dataSource.CreateCommand(
            """
            UPDATE node_pacing SET
                pending = (
                    SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM (
                        SELECT t, row_number() OVER (PARTITION BY t) AS k FROM unnest(node_pacing.pending) AS t) AS old
                    WHERE NOT (t = $2 AND k <= $3)),
                permits = node_pacing.permits || array_fill(clock_timestamp(), ARRAY[
                    least($3, (SELECT count(*) FROM unnest(node_pacing.pending) AS u WHERE u = $2))::integer])
            WHERE node = $1
            """);
        command.Parameters.Add(new() { Value = node });
        command.Parameters.Add(new() { Value = takenAt });
        command.Parameters.Add(new() { Value = count });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask PauseAsync(string node, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO node_pacing (node, paused_until) VALUES ($1, clock_timestamp() + $2)
            ON CONFLICT (node) DO UPDATE SET paused_until = greatest(node_pacing.paused_until, excluded.paused_until)
            """);
        command.Parameters.Add(new() { Value = node });
        command.Parameters.Add(new() { Value = duration, NpgsqlDbType = NpgsqlDbType.Interval });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
