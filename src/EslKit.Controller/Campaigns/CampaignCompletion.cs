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
    /// In the caller's transaction: completes the campaign if it is running, has items, and none of them waits or is
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

        await using var complete = new NpgsqlCommand(
            """
            UPDATE campaigns SET state = 'completed', finished_at = $2
            WHERE id = $1 AND state = 'running'
              AND EXISTS (SELECT 1 FROM campaign_items WHERE campaign_id = $1)
              AND NOT EXISTS (SELECT 1 FROM campaign_items WHERE campaign_id = $1 AND state IN ('pending', 'retry', 'dialing', 'answered'))
            """, connection, transaction);
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
