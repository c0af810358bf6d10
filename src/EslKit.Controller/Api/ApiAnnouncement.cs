using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Api.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Api;

/// <summary>
/// Once the server listens, prints where the API is (and, for the embedded-defaults setup only, the generated admin
/// key) to standard output (<see cref="ApiBanner"/>). Not when the demo runs (<see cref="ApiServeAnnouncement"/>
/// prints it after the demo's display instead). Warns (in the log) when no admin key is configured.
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

        if (services.GetService<ApiServeAnnouncement>() is null)
        {
            lifetime.ApplicationStarted.Register(Announce);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        if (ApiBanner.BaseUrl(server) is not { } url)
        {
            return; // an in-memory test server: nothing listens
        }

        ApiBanner.Write(Console.Out, url, services.GetService<GeneratedAdminKey>(), options.Value.AdminKey);
        Console.Out.Flush();
    }
}
