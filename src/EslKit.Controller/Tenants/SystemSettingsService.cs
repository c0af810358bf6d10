using Npgsql;

namespace EslKit.Controller.Tenants;

/// <summary>Reads and changes <c>system_settings</c> (one row).</summary>
internal sealed class SystemSettingsService(NpgsqlDataSource dataSource)
{
    /// <summary>The current settings.</summary>
    public async Task<SystemSettings> GetAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT price_per_minute, trial_cost_per_minute, ai_cost_per_minute, billing_increment_seconds FROM system_settings");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("system_settings has no row: the schema was not migrated.");
        }

        return Read(reader, 0);
    }

    /// <summary>
    /// The settings from a row holding <c>price_per_minute, trial_cost_per_minute, ai_cost_per_minute,
    /// billing_increment_seconds</c> from column <paramref name="first"/> on (a query that reads them with its own row).
    /// </summary>
    internal static SystemSettings Read(NpgsqlDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new SystemSettings(reader.GetDecimal(first), reader.GetDecimal(first + 1), reader.GetDecimal(first + 2), reader.GetInt32(first + 3));
    }

    /// <summary>Replaces the settings.</summary>
    /// <exception cref="InputRejectedException">A negative price or cost, or an increment outside 1–3600 s.</exception>
    public async Task UpdateAsync(SystemSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        NotNegative(settings.PricePerMinute, "pricePerMinute");
        NotNegative(settings.TrialCostPerMinute, "trialCostPerMinute");
        NotNegative(settings.AiCostPerMinute, "aiCostPerMinute");
        if (settings.BillingIncrementSeconds is < 1 or > 3600)
        {
            throw new InputRejectedException("billingIncrementSeconds", InputError.OutOfRange);
        }

        await using var command = dataSource.CreateCommand(
            "UPDATE system_settings SET price_per_minute = $1, trial_cost_per_minute = $2, ai_cost_per_minute = $3, billing_increment_seconds = $4, updated_at = now()");
        command.Parameters.Add(new() { Value = settings.PricePerMinute });
        command.Parameters.Add(new() { Value = settings.TrialCostPerMinute });
        command.Parameters.Add(new() { Value = settings.AiCostPerMinute });
        command.Parameters.Add(new() { Value = settings.BillingIncrementSeconds });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void NotNegative(decimal value, string field)
    {
        if (value < 0 || decimal.Round(value, 4) != value || value >= 100_000_000m)
        {
            throw new InputRejectedException(field, InputError.OutOfRange, "0 or more, at most 4 decimal places");
        }
    }
}
