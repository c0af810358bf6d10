using EslKit.Controller.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Tests.Storage;

/// <summary>The controller's host as Program.cs composes it: configuration validated at start, the schema migrated before anything runs.</summary>
public sealed class StartupTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    internal override bool Migrate => false;

    [Fact]
    public async Task Starting_migrates_the_schema_and_records_the_shared_gateways_limit()
    {
        using var host = Host(new Dictionary<string, string?>
        {
            ["Secrets:Keys:k1"] = ControllerServices.KeyOne,
            ["Routing:SharedGateway"] = "carrier-1",
            ["Routing:SharedGatewayConcurrencyLimit"] = "7",
        });

        await host.StartAsync();
        await host.StopAsync();

        Assert.True(await Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations") > 0);
        Assert.Equal(7, await Database.ScalarAsync<int>("SELECT concurrency_limit FROM trunks WHERE name = 'gateway:carrier-1'"));
    }

    [Fact]
    public async Task Malformed_configuration_stops_the_start_with_messages_naming_the_keys()
    {
        using var host = Host(new Dictionary<string, string?>
        {
            ["Secrets:Keys:k1"] = ControllerServices.KeyOne,
            ["Routing:SharedGateway"] = "bad gateway",
            ["Routing:SocketPort"] = "70000",
        });

        // Every failed rule of the section is reported.
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        string messages = ex is AggregateException all ? string.Join("\n", all.InnerExceptions.Select(e => e.Message)) : ex.Message;

        Assert.Contains("Routing:SharedGateway", messages, StringComparison.Ordinal);
        Assert.Contains("Routing:SocketPort", messages, StringComparison.Ordinal);
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations'"));
    }

    [Fact]
    public async Task Starting_without_an_encryption_key_is_refused()
    {
        using var host = Host(new Dictionary<string, string?>());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Secrets:Keys", ex.Message, StringComparison.Ordinal);
    }

    private IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEslKitController(builder.Configuration, Database.DataSource);
        return builder.Build();
    }
}
