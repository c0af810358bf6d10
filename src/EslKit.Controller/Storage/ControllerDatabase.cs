using Microsoft.Extensions.Logging;
using Npgsql;

namespace EslKit.Controller.Storage;

/// <summary>
/// The app's one <see cref="NpgsqlDataSource"/>, on the configured connection string or, with none, on an
/// embedded cluster under <see cref="StorageOptions.DataDirectory"/> that this object starts (or reuses) and
/// stops when disposed.
/// </summary>
internal sealed class ControllerDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgresCluster? _cluster;

    private ControllerDatabase(NpgsqlDataSource dataSource, EmbeddedPostgresCluster? cluster)
    {
        DataSource = dataSource;
        _cluster = cluster;
    }

    /// <summary>The data source every service uses.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Whether the database is the embedded cluster.</summary>
    public bool IsEmbedded => _cluster is not null;

    /// <summary>Opens the configured database, or starts the embedded cluster when no connection string is set.</summary>
    public static async Task<ControllerDatabase> OpenAsync(StorageOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            NpgsqlConnectionStringBuilder parsed;
            try
            {
                parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException)
            {
                // The message of the parser could echo a password: say only what is wrong.
                throw new InvalidOperationException("Storage:ConnectionString is not a valid Npgsql connection string.");
            }

            return new ControllerDatabase(CreateDataSource(parsed.ConnectionString, loggerFactory), null);
        }

        var cluster = await EmbeddedPostgresCluster.StartAsync(
            options.DataDirectory,
            options.PostgresBinDirectory,
            options.DatabaseName,
            loggerFactory.CreateLogger<EmbeddedPostgresCluster>(),
            cancellationToken).ConfigureAwait(false);
        return new ControllerDatabase(CreateDataSource(cluster.ConnectionStringFor(options.DatabaseName), loggerFactory), cluster);
    }

    /// <summary>Disposes the data source, then stops the embedded cluster if this process started it.</summary>
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The pool's size unless the connection string sets one: four per core, at least ten.</summary>
    internal static int DefaultPoolSize => Math.Max(10, 4 * Environment.ProcessorCount);

    /// <summary>Statements prepared automatically per connection unless the connection string says otherwise.</summary>
    internal const int AutoPreparedStatements = 100;

    private static bool Mentions(string connectionString, params string[] keys)
    {
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(parsed.ContainsKey);
    }

    /// <summary>The data source the controller uses (tests use it too, so they run with the same settings).</summary>
    internal static NpgsqlDataSource CreateDataSource(string connectionString, ILoggerFactory loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "eslkit-controller" };
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            // The controller runs the same few dozen statements for every call: prepared once per connection, PostgreSQL
            // skips parsing and (after five runs) planning them. Without it, parse and plan were a third of the
            // database's CPU in the load run (perf, benchmarks/RESULTS.md). A connection string that sets it wins.
            builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        if (!Mentions(connectionString, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize", "MaximumPoolSize"))
        {
            // A few connections per core: PostgreSQL does no more work with more of them, only more switching and lock
            // traffic. Two instances with 60 each spent twice the database CPU per call of two with 12 (load run).
            builder.ConnectionStringBuilder.MaxPoolSize = DefaultPoolSize;
        }

        if (!Mentions(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            // Npgsql resets a connection each time it goes back to the pool (RESET ALL, SET SESSION AUTHORIZATION
            // DEFAULT, pg_advisory_unlock_all, …): 7.6 returns and ≈ 1 ms of database time per call in the load run.
            // The controller leaves no session state behind (no SET, only transaction-scoped advisory locks, the one
            // LISTEN connection unlistens before it goes back), so there is nothing to reset.
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        builder.UseLoggerFactory(loggerFactory);
        return builder.Build();
    }
}
