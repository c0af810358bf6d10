using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using Npgsql;

namespace EslKit.Controller.Demo;

/// <summary>Registers the demo (<c>./run.sh</c>): its runner, progress reader and summary.</summary>
internal static class DemoServiceCollectionExtensions
{
    /// <summary>Adds the demo; call after <c>AddControllerCalls</c> so it starts once everything else has.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The demo's command line.</param>
    /// <param name="demoSwitch">The emulator the demo dials, or null when FreeSWITCH nodes are configured.</param>
    /// <param name="resetDatabase">Whether the database is the demo's own in the embedded cluster (emptied at every run).</param>
    public static IServiceCollection AddControllerDemo(this IServiceCollection services, DemoOptions options, DemoSwitch? demoSwitch, bool resetDatabase)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<ProgressReader>();
        services.AddSingleton<CallSummary>();
        services.AddHostedService(provider => new DemoRunner(
            options,
            demoSwitch,
            resetDatabase,
            provider,
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<NodeRegistry>(),
            provider.GetRequiredService<DispatchSignal>(),
            provider.GetRequiredService<ProgressReader>(),
            provider.GetRequiredService<CallSummary>(),
            provider.GetServices<IServeAnnouncement>(),
            provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DemoRunner>>()));
        return services;
    }
}
