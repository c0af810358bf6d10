using Npgsql;

namespace EslKit.Controller.WebConsole;

/// <summary>
/// Attempts started per second on each node over the last <see cref="Window"/>, from call_logs (every instance's
/// calls on the database, so the figure is the node's, not just this instance's share).
/// </summary>
internal sealed class NodeRates(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>The window the rate is measured over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>Calls per second by node name (nodes without calls in the window are absent).</summary>
    public async Task<IReadOnlyDictionary<string, double>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT node, count(*)::int FROM call_logs WHERE node IS NOT NULL AND created_at >= $1 GROUP BY node");
        command.Parameters.Add(new() { Value = time.GetUtcNow() - Window });
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rates[reader.GetString(0)] = Math.Round(reader.GetInt32(1) / Window.TotalSeconds, 1);
        }

        return rates;
    }
}
