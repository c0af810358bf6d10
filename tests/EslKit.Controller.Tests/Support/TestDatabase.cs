using EslKit.Controller.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EslKit.Controller.Tests.Support;

/// <summary>A database of its own on the shared cluster, dropped when disposed.</summary>
internal sealed class TestDatabase(PostgresCluster cluster, string name, string connectionString) : IAsyncDisposable
{
    /// <summary>The database's name.</summary>
    public string Name { get; } = name;

    /// <summary>Its connection string (superuser).</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>A data source on it (the tests' "one per app"), made as the controller makes its own (statements auto-prepared).</summary>
    public NpgsqlDataSource DataSource { get; } = ControllerDatabase.CreateDataSource(connectionString, NullLoggerFactory.Instance);

    /// <summary>Applies the controller's migrations.</summary>
    public Task<int> MigrateAsync() => new DatabaseMigrator(DataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);

    /// <summary>The controller's services on this database (see <see cref="ControllerServices"/>).</summary>
    public ControllerServices Services(IDictionary<string, string?>? configuration = null) => new(DataSource, configuration);

    /// <summary>Runs a scalar query.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (object p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a statement.</summary>
    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (object p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await cluster.DropDatabaseAsync(Name);
    }
}
