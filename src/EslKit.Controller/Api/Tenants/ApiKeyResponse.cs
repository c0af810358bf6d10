namespace EslKit.Controller.Api.Tenants;

/// <summary>
/// A tenant's new API key. It is shown this once (the database keeps only its prefix and SHA-256) and replaces any
/// previous key: the one response of the API that carries a secret, sent with <c>Cache-Control: no-store</c>.
/// </summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="ApiKey">The key: <c>esk_&lt;prefix&gt;_&lt;secret&gt;</c>.</param>
internal sealed record ApiKeyResponse(long TenantId, string ApiKey)
{
    /// <summary>Without the key: this record may be logged or shown in a debugger.</summary>
    public override string ToString() => $"ApiKeyResponse {{ TenantId = {TenantId}, ApiKey = *** }}";
}
