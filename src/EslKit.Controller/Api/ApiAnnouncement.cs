using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Api.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Api;

/// <summary>
/// Once the server listens, prints where the API is (and, for the embedded-defaults setup only, the generated admin
/// key) to standard output — deliberately not through logging, which must never carry a key. <c>./run.sh --serve</c>
/// shows this. Warns (in the log) when no admin key is configured.
/// </summary>
internal sealed class ApiAnnouncement(
    IHostApplicationLifetime lifetime,
    IServer server,
    AdminKeyVerifier adminKey,
    IOptions<ApiOptions> options,
    ILogger<ApiAnnouncement> logger,
    IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!adminKey.IsConfigured)
        {
            ApiLog.NoAdminKey(logger);
        }

        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0)
        {
            return; // an in-memory test server: nothing listens
        }

        string url = addresses.First().TrimEnd('/');
        var output = Console.Out;
        output.WriteLine($"EslKit controller API: {url}/api   reference: {url}/reference   OpenAPI: {url}/openapi/v1.json   metrics: {url}/metrics   health: {url}/health/ready");
        if (services.GetService<GeneratedAdminKey>() is { } generated)
        {
            output.WriteLine($"Admin key (generated for this local setup, kept in {generated.Path}): {options.Value.AdminKey}");
            output.WriteLine($"  try: curl -H 'X-Api-Key: <admin key>' {url}/api/admin/tenants");
        }

        output.Flush();
    }
}
