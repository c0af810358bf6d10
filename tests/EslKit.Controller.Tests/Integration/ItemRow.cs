using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Integration;

/// <summary>A campaign item as the database holds it.</summary>
internal sealed record ItemRow(string Number, string State, string? Disposition, int Attempt, int AttemptsUsed, Guid CallId, Guid[] LegUuids, string? Error)
{
    public static async Task<IReadOnlyList<ItemRow>> ListAsync(TestDatabase database, long campaignId)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT number, state, disposition, attempt, attempts_used, call_id, coalesce(leg_uuids, '{}'), error FROM campaign_items WHERE campaign_id = $1 ORDER BY number");
        command.Parameters.Add(new() { Value = campaignId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<ItemRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new ItemRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetGuid(5),
                reader.GetFieldValue<Guid[]>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return rows;
    }

    /// <summary>Whether every item of the campaign is settled (no pending, retry, dialing or answered item).</summary>
    public static async Task<bool> AllSettledAsync(TestDatabase database, long campaignId) =>
        await database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE campaign_id = $1 AND state IN ('pending', 'retry', 'dialing', 'answered')", campaignId) == 0;
}
