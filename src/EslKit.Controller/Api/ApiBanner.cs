using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EslKit.Controller.Api;

/// <summary>
/// The lines that say where the API is and, for the embedded-defaults setup only, the generated admin key. Written
/// to standard output — deliberately not through logging, which must never carry a key.
/// </summary>
internal static class ApiBanner
{
    /// <summary>The API's base URL (no trailing slash), or null when nothing listens (an in-memory test server).</summary>
    public static string? BaseUrl(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses is null || addresses.Count == 0 ? null : addresses.First().TrimEnd('/');
    }

    /// <summary>Writes where the API, its reference page, metrics and health are, and the generated admin key if any.</summary>
    public static void Write(TextWriter output, string url, GeneratedAdminKey? generated, string? adminKey)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"EslKit controller API: {url}/api   reference: {url}/reference   OpenAPI: {url}/openapi/v1.json   metrics: {url}/metrics   health: {url}/health/ready");
        if (generated is not null && adminKey is not null)
        {
            output.WriteLine($"Admin key (generated for this local setup, kept in {generated.Path}): {adminKey}");
            output.WriteLine($"  try: curl -H 'X-Api-Key: {adminKey}' {url}/api/admin/tenants");
        }
    }
}
