using System.Security.Cryptography;
using System.Text;
using EslKit.Controller.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using PhoneNumbers;

namespace EslKit.Controller.Tenants;

/// <summary>
/// Creates and changes tenants, and issues and checks their API keys. An API key is shown once: the database
/// keeps its public prefix (to find the row) and its SHA-256 hash (a fast hash is enough for a 256-bit random
/// key; comparison is constant-time).
/// </summary>
internal sealed class TenantService(NpgsqlDataSource dataSource, SystemSettingsService settings, ILogger<TenantService> logger)
{
    private const string KeyScheme = "esk";
    private const string Columns =
        "id, name, account_type, active, concurrency_limit, price_per_minute, default_region, may_override_caller_id, api_key_hash IS NOT NULL, created_at";

    /// <summary>Creates a tenant.</summary>
    /// <exception cref="InputRejectedException">A missing name, a limit outside the account type's range, a negative price, an unknown region, a taken name.</exception>
    public async Task<Tenant> CreateAsync(NewTenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (string.IsNullOrWhiteSpace(tenant.Name) || tenant.Name.Length > 200 || tenant.Name.Any(char.IsControl))
        {
            throw new InputRejectedException("name", string.IsNullOrWhiteSpace(tenant.Name) ? InputError.Required : InputError.InvalidFormat);
        }

        if (!Enum.IsDefined(tenant.AccountType))
        {
            throw new InputRejectedException("accountType", InputError.InvalidFormat);
        }

        int limit = tenant.ConcurrencyLimit ?? TenantRules.DefaultLimit(tenant.AccountType);
        CheckLimit(tenant.AccountType, limit);
        string region = CheckRegion(tenant.DefaultRegion, "defaultRegion");
        if (tenant.MayOverrideCallerId && tenant.AccountType == AccountType.Trial)
        {
            throw new InputRejectedException("mayOverrideCallerId", InputError.NotAllowed, "trial accounts use the shared caller ID");
        }

        decimal price = tenant.PricePerMinute ?? (await settings.GetAsync(cancellationToken).ConfigureAwait(false)).PricePerMinute;
        CheckPrice(price);

        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO users (name, account_type, concurrency_limit, price_per_minute, default_region, may_override_caller_id)
            VALUES ($1, $2, $3, $4, $5, $6)
            RETURNING {Columns}
            """);
        command.Parameters.Add(new() { Value = tenant.Name });
        command.Parameters.Add(new() { Value = tenant.AccountType.ToText() });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = price });
        command.Parameters.Add(new() { Value = region });
        command.Parameters.Add(new() { Value = tenant.MayOverrideCallerId });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var created = Read(reader);
            Log.TenantCreated(logger, created.Id, created.AccountType.ToText(), created.ConcurrencyLimit);
            return created;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InputRejectedException("name", InputError.Duplicate);
        }
    }

    /// <summary>The tenant.</summary>
    /// <exception cref="NotFoundException">No such tenant.</exception>
    public async Task<Tenant> GetAsync(long tenantId, CancellationToken cancellationToken) =>
        await FindAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("Tenant", tenantId);

    /// <summary>The tenant, or null.</summary>
    public async Task<Tenant?> FindAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM users WHERE id = $1");
        command.Parameters.Add(new() { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <summary>Every tenant, by id.</summary>
    public async Task<IReadOnlyList<Tenant>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM users ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tenants = new List<Tenant>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tenants.Add(Read(reader));
        }

        return tenants;
    }

    /// <summary>
    /// Changes a tenant's account type, active flag, concurrency limit and price per minute together: every change is
    /// checked first (the limit against the account type it will have), then all are written in one statement, so a
    /// refusal writes nothing. A tenant that becomes trial no longer sets its own caller ID (trial uses the shared one).
    /// </summary>
    /// <exception cref="NotFoundException">No such tenant.</exception>
    /// <exception cref="InputRejectedException">A limit outside the account type's range, a negative price or one with more than 4 decimal places.</exception>
    public async Task<Tenant> UpdateAsync(long tenantId, TenantChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var tenant = await GetAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var type = changes.AccountType ?? tenant.AccountType;
        if (!Enum.IsDefined(type))
        {
            throw new InputRejectedException("accountType", InputError.InvalidFormat, "trial or pro");
        }

        int limit = changes.ConcurrencyLimit ?? tenant.ConcurrencyLimit;
        CheckLimit(type, limit);
        decimal price = changes.PricePerMinute ?? tenant.PricePerMinute;
        CheckPrice(price);
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE users SET account_type = $2, active = $3, concurrency_limit = $4, price_per_minute = $5, may_override_caller_id = may_override_caller_id AND $2 = 'pro'
            WHERE id = $1
            RETURNING {Columns}
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = type.ToText() });
        command.Parameters.Add(new() { Value = changes.Active ?? tenant.Active });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = price });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : throw new NotFoundException("Tenant", tenantId);
    }

    /// <summary>Activates or deactivates a tenant (an inactive tenant's items are not claimed).</summary>
    public async Task SetActiveAsync(long tenantId, bool active, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE users SET active = $2 WHERE id = $1");
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = active });
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new NotFoundException("Tenant", tenantId);
        }
    }

    /// <summary>Changes a tenant's concurrency limit (trial: 1–3; pro: 1–50).</summary>
    public async Task SetConcurrencyLimitAsync(long tenantId, int limit, CancellationToken cancellationToken)
    {
        var tenant = await GetAsync(tenantId, cancellationToken).ConfigureAwait(false);
        CheckLimit(tenant.AccountType, limit);
        await using var command = dataSource.CreateCommand("UPDATE users SET concurrency_limit = $2 WHERE id = $1");
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = limit });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Issues a new API key for the tenant, replacing any previous one, and returns it: it is not stored and
    /// cannot be shown again. Form: <c>esk_&lt;prefix&gt;_&lt;secret&gt;</c>.
    /// </summary>
    public async Task<string> IssueApiKeyAsync(long tenantId, CancellationToken cancellationToken)
    {
        string prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        string secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        string key = $"{KeyScheme}_{prefix}_{secret}";
        await using var command = dataSource.CreateCommand("UPDATE users SET api_key_prefix = $2, api_key_hash = $3 WHERE id = $1");
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = prefix });
        command.Parameters.Add(new() { Value = Hash(key) });
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new NotFoundException("Tenant", tenantId);
        }

        Log.ApiKeyIssued(logger, tenantId, prefix);
        return key;
    }

    /// <summary>The active tenant owning <paramref name="apiKey"/>, or null (unknown, malformed, revoked or inactive).</summary>
    public async Task<Tenant?> FindByApiKeyAsync(string apiKey, CancellationToken cancellationToken)
    {
        string[] parts = (apiKey ?? "").Split('_', 3);
        if (parts.Length != 3 || parts[0] != KeyScheme || parts[1].Length != 12)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand($"SELECT {Columns}, api_key_hash FROM users WHERE api_key_prefix = $1 AND active");
        command.Parameters.Add(new() { Value = parts[1] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        byte[] stored = reader.GetFieldValue<byte[]>(10);
        return CryptographicOperations.FixedTimeEquals(stored, Hash(apiKey!)) ? Read(reader) : null;
    }

    /// <summary>A region libphonenumber knows, upper-cased.</summary>
    internal static string CheckRegion(string? region, string field)
    {
        string upper = (region ?? "").ToUpperInvariant();
        return PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(upper)
            ? upper
            : throw new InputRejectedException(field, InputError.UnknownZone);
    }

    private static void CheckLimit(AccountType type, int limit)
    {
        if (limit < 1 || limit > TenantRules.MaxLimit(type))
        {
            throw new InputRejectedException("concurrencyLimit", InputError.OutOfRange, $"1 to {TenantRules.MaxLimit(type)} for a {type.ToText()} account");
        }
    }

    private static void CheckPrice(decimal price)
    {
        if (price < 0 || decimal.Round(price, 4) != price)
        {
            throw new InputRejectedException("pricePerMinute", InputError.OutOfRange, "0 or more, at most 4 decimal places");
        }
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static Tenant Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        AccountTypes.Parse(reader.GetString(2)),
        reader.GetBoolean(3),
        reader.GetInt32(4),
        reader.GetDecimal(5),
        reader.GetString(6),
        reader.GetBoolean(7),
        reader.GetBoolean(8),
        reader.GetFieldValue<DateTimeOffset>(9));
}
