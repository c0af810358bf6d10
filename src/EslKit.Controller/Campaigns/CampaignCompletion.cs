using EslKit.Controller.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EslKit.Controller.Campaigns;

/// <summary>
/// Completes a running campaign once none of its items waits or is in progress: after an item settles (the outcome
/// recorder), and when a campaign is started or resumed, or numbers imported, with nothing left to dial (every item
/// skipped or already settled).
/// </summary>
internal static class CampaignCompletion
{
    // Advisory lock keys "campaign completion" (high bits) + campaign id (below 2^48).
    private const long LockPrefix = 0x4543L << 48;

    /// <summary>
    /// In the caller's transaction (a start, a resume, an import): completes the campaign if it is running, has items, and none of them waits or is
    /// in progress. Returns whether it did.
    /// </summary>
    /// <remarks>
    /// Items of one campaign settling at the same moment in two transactions would each still see the other's item
    /// active and neither complete the campaign: they take turns on a per-campaign advisory lock, and the check runs
    /// as a new statement after it, so the second sees the first's commit.
    /// </remarks>
    public static async Task<bool> CompleteIfSettledAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        await using (var turn = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            turn.Parameters.Add(new() { Value = LockPrefix | campaignId });
            await turn.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var complete = new NpgsqlCommand(CompleteSql, connection, transaction);
        return await CompleteAsync(complete, campaignId, now, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After the caller's transaction settling an item has committed: completes the campaign if it is running, has
    /// items, and none of them waits or is in progress. No lock: of two items settling together, the one committed
    /// last runs its check after both commits, so it sees them both (READ COMMITTED: a statement sees what was
    /// committed before it began). A crash between the commit and this check is covered by <see cref="SweepAsync"/>.
    /// </summary>
    /// <remarks>On the caller's connection, so a recorder never holds one pooled connection while waiting for another.</remarks>
    public static async Task<bool> CompleteIfSettledAsync(NpgsqlConnection connection, long campaignId, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        await using var complete = new NpgsqlCommand(CompleteSql, connection);
        return await CompleteAsync(complete, campaignId, now, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes every running campaign with nothing left waiting or in progress (the heartbeat's sweep).</summary>
    public static async Task<int> SweepAsync(NpgsqlDataSource dataSource, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        await using var sweep = dataSource.CreateCommand(
            """
            UPDATE campaigns c SET state = 'completed', finished_at = $1
            WHERE c.state = 'running'
              AND EXISTS (SELECT 1 FROM campaign_items i WHERE i.campaign_id = c.id)
              AND NOT EXISTS (SELECT 1 FROM campaign_items i WHERE i.campaign_id = c.id AND i.state IN ('pending', 'retry', 'dialing', 'answered'))
            RETURNING c.id
            """);
        sweep.Parameters.Add(new() { Value = now });
        int completed = 0;
        await using var reader = await sweep.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            Log.CampaignStateChanged(logger, reader.GetInt64(0), CampaignState.Completed.ToText());
            completed++;
        }

        return completed;
    }

    /// <summary>The completion statement ($1 the campaign, $2 now): one probe of the unsettled items' index (migration 0006).</summary>
    internal const string CompleteSql =
        """
        UPDATE campaigns SET state = 'completed', finished_at = $2
        WHERE id = $1 AND state = 'running'
          AND EXISTS (SELECT 1 FROM campaign_items WHERE campaign_id = $1)
          AND NOT EXISTS (SELECT 1 FROM campaign_items WHERE campaign_id = $1 AND state IN ('pending', 'retry', 'dialing', 'answered'))
        """;

    private static async Task<bool> CompleteAsync(NpgsqlCommand complete, long campaignId, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        complete.Parameters.Add(new() { Value = campaignId });
        complete.Parameters.Add(new() { Value = now });
        if (await complete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            Log.CampaignStateChanged(logger, campaignId, CampaignState.Completed.ToText());
            return true;
        }

        return false;
    }
}
