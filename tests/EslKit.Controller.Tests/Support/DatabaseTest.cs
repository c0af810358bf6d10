namespace EslKit.Controller.Tests.Support;

/// <summary>
/// A test class on the shared cluster: each test (xunit makes one class instance per test) gets a fresh, migrated
/// database, dropped afterwards, and the controller's services on it.
/// </summary>
[Collection(PostgresGroup.Name)]
public abstract class DatabaseTest(PostgresCluster cluster) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ControllerServices? _services;

    internal PostgresCluster Cluster { get; } = cluster;

    internal TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    internal ControllerServices Services => _services ??= Database.Services(Configuration);

    /// <summary>Extra configuration for this class's services.</summary>
    internal virtual IDictionary<string, string?>? Configuration => null;

    /// <summary>Whether the database is migrated before the test.</summary>
    internal virtual bool Migrate => true;

    public async Task InitializeAsync() => _database = await Cluster.CreateDatabaseAsync(Migrate);

    public async Task DisposeAsync()
    {
        _services?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
