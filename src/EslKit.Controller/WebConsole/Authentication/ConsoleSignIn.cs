using System.Globalization;
using System.Security.Claims;
using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Tenants;
using Npgsql;

namespace EslKit.Controller.WebConsole.Authentication;

/// <summary>
/// Opens and checks console sessions with the API's own rules: a key is the admin key (<see cref="AdminKeyVerifier"/>)
/// or an active tenant's key (<see cref="TenantService.FindByApiKeyAsync"/>), and the session carries the same
/// claims the API key handler gives (<see cref="ApiClaims"/>). The key itself is never kept: a session remembers
/// which key opened it (a tenant key's public prefix, the admin key's fingerprint) and ends when that key is
/// replaced, the tenant is deactivated, or the admin key changes; and each session has an id, so signing out ends it
/// (<see cref="ConsoleSessions"/>).
/// </summary>
internal sealed class ConsoleSignIn(AdminKeyVerifier adminKey, TenantService tenants, NpgsqlDataSource dataSource, ConsoleSessions sessions)
{
    // Longer than any key we issue: refused without a lookup (as the API does).
    private const int MaxKeyLength = 256;

    /// <summary>The principal for <paramref name="key"/>, or null when it is not a valid key.</summary>
    public async Task<ClaimsPrincipal?> AuthenticateAsync(string? key, CancellationToken cancellationToken)
    {
        key = key?.Trim();
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            return null;
        }

        if (adminKey.Matches(key))
        {
            return Principal(
                new Claim(ApiClaims.KeyOwner, "admin"),
                new Claim(ClaimTypes.Role, ApiClaims.AdminRole),
                new Claim(ClaimTypes.Name, "admin"),
                new Claim(ConsoleDefaults.KeyCheck, adminKey.Fingerprint!));
        }

        var tenant = await tenants.FindByApiKeyAsync(key, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return null;
        }

        string id = tenant.Id.ToString(CultureInfo.InvariantCulture);
        return Principal(
            new Claim(ApiClaims.KeyOwner, "tenant:" + id),
            new Claim(ClaimTypes.Role, ApiClaims.TenantRole),
            new Claim(ClaimTypes.Name, tenant.Name),
            new Claim(ApiClaims.TenantId, id),
            new Claim(ApiClaims.TenantRegion, tenant.DefaultRegion),
            new Claim(ConsoleDefaults.KeyCheck, key.Split('_', 3)[1]));
    }

    /// <summary>Whether the session's key still opens it: same admin key, or the tenant active with the same key.</summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        string? check = user.FindFirst(ConsoleDefaults.KeyCheck)?.Value;
        string? session = user.FindFirst(ConsoleDefaults.SessionId)?.Value;
        if (check is null || session is null || sessions.IsEnded(session))
        {
            return false;
        }

        if (user.IsInRole(ApiClaims.AdminRole))
        {
            return adminKey.Fingerprint is { } fingerprint && string.Equals(fingerprint, check, StringComparison.Ordinal);
        }

        if (user.FindTenantId() is not { } tenantId)
        {
            return false;
        }

        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND active AND api_key_prefix = $2)");
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = check });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private static ClaimsPrincipal Principal(params Claim[] claims) =>
        new(new ClaimsIdentity([.. claims, new Claim(ConsoleDefaults.SessionId, ConsoleSessions.NewId())], ConsoleDefaults.Scheme, ClaimTypes.Name, ClaimTypes.Role));
}
