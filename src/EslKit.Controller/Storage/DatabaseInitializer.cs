using EslKit.Controller.Campaigns.Dispatch;
using Microsoft.Extensions.Hosting;

namespace EslKit.Controller.Storage;

/// <summary>At start, before anything else uses the database: migrates the schema and records the shared gateway's limit.</summary>
internal sealed class DatabaseInitializer(DatabaseMigrator migrator, ItemClaimer claimer) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await claimer.SyncSharedGatewayAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
