using Npgsql;

namespace EslKit.Controller.Campaigns;

/// <summary>
/// A tenant's do-not-call list. Numbers are normalised like campaign numbers; adding one also skips (dnc) that
/// tenant's waiting items for it, and the claim never takes an item whose number is listed.
/// </summary>
internal sealed class DoNotCallService(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Adds numbers (normalised with <paramref name="region"/>) and returns how many were new.</summary>
    /// <exception cref="InputRejectedException">A number that is not valid (nothing is written).</exception>
    public async Task<int> AddAsync(long tenantId, IEnumerable<string> numbers, string region, CancellationToken cancellationToken)
    {
        var digits = Normalize(numbers, region);
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int added;
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO dnc_numbers (tenant_id, number, added_at) SELECT $1, n, $3 FROM unnest($2::text[]) AS n ON CONFLICT DO NOTHING", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = tenantId });
            insert.Parameters.Add(new() { Value = digits });
            insert.Parameters.Add(new() { Value = now });
            added = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var skip = new NpgsqlCommand(
            "UPDATE campaign_items SET state = 'skipped', disposition = 'dnc', finished_at = $3, updated_at = $3 WHERE tenant_id = $1 AND number = ANY($2) AND state IN ('pending', 'retry')",
            connection,
            transaction))
        {
            skip.Parameters.Add(new() { Value = tenantId });
            skip.Parameters.Add(new() { Value = digits });
            skip.Parameters.Add(new() { Value = now });
            await skip.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>Removes numbers from the list; items already skipped stay skipped.</summary>
    public async Task<int> RemoveAsync(long tenantId, IEnumerable<string> numbers, string region, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM dnc_numbers WHERE tenant_id = $1 AND number = ANY($2)");
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = Normalize(numbers, region) });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tenant's listed numbers (E.164 digits), sorted.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT number FROM dnc_numbers WHERE tenant_id = $1 ORDER BY number");
        command.Parameters.Add(new() { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    private static string[] Normalize(IEnumerable<string> numbers, string region)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var digits = new List<string>();
        int index = 0;
        foreach (string number in numbers)
        {
            var normalized = PhoneNumberNormalizer.TryNormalize(number, region, out string? reason)
                ?? throw new InputRejectedException($"numbers[{index}]", InputError.InvalidFormat, reason);
            digits.Add(normalized.Digits);
            index++;
        }

        return [.. digits.Distinct(StringComparer.Ordinal)];
    }
}
