using System.Globalization;
using EslKit.Controller.Diagnostics;
using EslKit.Controller.Routing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EslKit.Controller.Tenants;

/// <summary>
/// Saves and reads pro tenants' SIP accounts (<c>phone_config</c>). A configuration is checked when it is saved
/// by building the originate it will be used in (<see cref="CallRouter.Check"/>): a password FreeSWITCH cannot
/// carry is refused here, with an error naming the field, never the value. The password is stored AES-GCM
/// encrypted with the current key, its key id beside it.
/// </summary>
internal sealed class PhoneConfigService(NpgsqlDataSource dataSource, SecretProtector protector, CallRouter router, ILogger<PhoneConfigService> logger)
{
    /// <summary>Validates, encrypts and saves (inserts or replaces) a pro tenant's SIP configuration.</summary>
    /// <exception cref="InputRejectedException">A refused value, or a trial tenant.</exception>
    /// <exception cref="NotFoundException">No such tenant.</exception>
    public async Task SaveAsync(long tenantId, PhoneConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            router.Check(config);
        }
        catch (InputRejectedException ex)
        {
            Log.PhoneConfigRefused(logger, tenantId, ex.Field, ex.Error.ToString());
            throw;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The tenant row's lock orders this change with the dispatcher's claims, which read the configuration under it.
        await using (var type = new NpgsqlCommand("SELECT account_type FROM users WHERE id = $1 FOR UPDATE", connection, transaction) { Parameters = { new() { Value = tenantId } } })
        {
            switch (await type.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))
            {
                case null:
                    throw new NotFoundException("Tenant", tenantId);
                case string text when AccountTypes.Parse(text) != AccountType.Pro:
                    throw new InputRejectedException("tenant", InputError.NotAllowed, "SIP configuration is for pro accounts");
            }
        }

        var (keyId, ciphertext) = protector.Protect(config.SipPassword, Owner(tenantId));
        await using (var command = new NpgsqlCommand(
            """
            INSERT INTO phone_config (tenant_id, sip_username, sip_password_key_id, sip_password_ciphertext, sip_proxy_primary, sip_proxy_secondary, sip_caller_id, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, now())
            ON CONFLICT (tenant_id) DO UPDATE SET
                sip_username = excluded.sip_username, sip_password_key_id = excluded.sip_password_key_id,
                sip_password_ciphertext = excluded.sip_password_ciphertext, sip_proxy_primary = excluded.sip_proxy_primary,
                sip_proxy_secondary = excluded.sip_proxy_secondary, sip_caller_id = excluded.sip_caller_id, updated_at = now()
            """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = config.SipUsername });
            command.Parameters.Add(new() { Value = keyId });
            command.Parameters.Add(new() { Value = ciphertext });
            command.Parameters.Add(new() { Value = config.PrimaryProxy });
            command.Parameters.Add(new() { Value = (object?)config.SecondaryProxy ?? DBNull.Value });
            command.Parameters.Add(new() { Value = (object?)config.CallerId ?? DBNull.Value });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.PhoneConfigSaved(logger, tenantId, $"pro {config.SipUsername}@{config.PrimaryProxy}");
    }

    /// <summary>Whether the tenant has a SIP configuration (nothing is read or decrypted: no cleartext password is produced).</summary>
    public async Task<bool> ExistsAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM phone_config WHERE tenant_id = $1)");
        command.Parameters.Add(new() { Value = tenantId });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The tenant's SIP configuration with the password decrypted, or null when it has none.</summary>
    public async Task<PhoneConfig?> FindAsync(long tenantId, CancellationToken cancellationToken)
    {
        var found = await FindManyAsync([tenantId], cancellationToken).ConfigureAwait(false);
        return found.GetValueOrDefault(tenantId);
    }

    /// <summary>The SIP configurations of the given tenants (those that have one), passwords decrypted.</summary>
    public async Task<IReadOnlyDictionary<long, PhoneConfig>> FindManyAsync(IReadOnlyCollection<long> tenantIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT tenant_id, sip_username, sip_password_key_id, sip_password_ciphertext, sip_proxy_primary, sip_proxy_secondary, sip_caller_id
            FROM phone_config WHERE tenant_id = ANY($1)
            """);
        command.Parameters.Add(new() { Value = tenantIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var configs = new Dictionary<long, PhoneConfig>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            long tenantId = reader.GetInt64(0);
            configs[tenantId] = Read(reader, tenantId, 1)!;
        }

        return configs;
    }

    /// <summary>Removes the tenant's SIP configuration; its items then fail with "Pro account requires SIP configuration".</summary>
    public async Task<bool> DeleteAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM phone_config WHERE tenant_id = $1");
        command.Parameters.Add(new() { Value = tenantId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Re-encrypts every password not under the current key (decrypting with the old one, which must still be
    /// configured) and returns how many it changed. Run after adding a new key and making it current; then the
    /// old key can be removed.
    /// </summary>
    public async Task<int> RotateKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var stale = new List<(long TenantId, string KeyId, byte[] Ciphertext)>();
        await using (var select = new NpgsqlCommand(
            "SELECT tenant_id, sip_password_key_id, sip_password_ciphertext FROM phone_config WHERE sip_password_key_id <> $1 FOR UPDATE",
            connection,
            transaction) { Parameters = { new() { Value = protector.CurrentKeyId } } })
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stale.Add((reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
            }
        }

        foreach (var (tenantId, keyId, ciphertext) in stale)
        {
            string owner = Owner(tenantId);
            var (newKeyId, newCiphertext) = protector.Protect(protector.Unprotect(keyId, ciphertext, owner), owner);
            await using var update = new NpgsqlCommand(
                "UPDATE phone_config SET sip_password_key_id = $2, sip_password_ciphertext = $3, updated_at = now() WHERE tenant_id = $1",
                connection,
                transaction);
            update.Parameters.Add(new() { Value = tenantId });
            update.Parameters.Add(new() { Value = newKeyId });
            update.Parameters.Add(new() { Value = newCiphertext });
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.SecretsRotated(logger, stale.Count, protector.CurrentKeyId);
        return stale.Count;
    }

    /// <summary>
    /// Reads a configuration from six columns starting at <paramref name="first"/> (sip_username,
    /// sip_password_key_id, sip_password_ciphertext, sip_proxy_primary, sip_proxy_secondary, sip_caller_id) and
    /// decrypts the password; null when sip_username is NULL (an outer join found none).
    /// </summary>
    internal PhoneConfig? Read(NpgsqlDataReader reader, long tenantId, int first)
    {
        if (reader.IsDBNull(first))
        {
            return null;
        }

        string password = protector.Unprotect(reader.GetString(first + 1), reader.GetFieldValue<byte[]>(first + 2), Owner(tenantId));
        return new PhoneConfig(
            reader.GetString(first),
            password,
            reader.GetString(first + 3),
            reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4),
            reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5));
    }

    // The associated data binding a ciphertext to its row.
    private static string Owner(long tenantId) => "phone_config:" + tenantId.ToString(CultureInfo.InvariantCulture);
}
