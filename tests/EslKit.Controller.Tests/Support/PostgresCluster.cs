using System.Globalization;
using EslKit.Controller.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EslKit.Controller.Tests.Support;

/// <summary>
/// One real PostgreSQL cluster for the test run, started exactly as the controller starts its embedded one (initdb
/// and pg_ctl, as the postgres user when root) in a temporary folder, stopped and deleted at the end. Each test
/// class gets a fresh database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private EmbeddedPostgresCluster? _cluster;
    private int _databases;

    /// <summary>The temporary folder holding the cluster.</summary>
    public string Root { get; } = TestFolders.Create("eslkit-pg");

    internal EmbeddedPostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    private const string Template = "eslkit_template";

    public async Task InitializeAsync()
    {
        _cluster = await EmbeddedPostgresCluster.StartAsync(Root, null, Template, NullLogger.Instance, CancellationToken.None);

        // Migrate once into a template; each test's database is a copy of it (CREATE DATABASE … TEMPLATE).
        await using var dataSource = NpgsqlDataSource.Create(Cluster.ConnectionStringFor(Template));
        await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        TestFolders.Delete(Root);
    }

    /// <summary>Creates an empty database, migrated unless <paramref name="migrate"/> is false.</summary>
    internal async Task<TestDatabase> CreateDatabaseAsync(bool migrate = true)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}");
        await using (var connection = new NpgsqlConnection(Cluster.ConnectionStringFor("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {(migrate ? Template : "template0")}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new TestDatabase(this, name, Cluster.ConnectionStringFor(name));
    }

    internal async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(Cluster.ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
