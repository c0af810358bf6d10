using EslKit.Controller.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EslKit.Controller.Storage;

/// <summary>
/// Brings the schema up to date: every migration not yet recorded in <c>schema_migrations</c> runs, in
/// version order, in one transaction under a transaction-level advisory lock — so instances starting
/// together migrate once (the others wait for the lock, then find nothing left to do), and a failing
/// migration leaves the schema as it was. An applied migration whose script has since changed is an error.
/// </summary>
internal sealed class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    // An arbitrary constant naming "the EslKit controller's migrations" among advisory locks.
    private const long LockKey = 0x45_53_4C_4B_69_74_4D_31; // "ESLKitM1"

    /// <summary>Applies what is missing and returns how many migrations this call applied.</summary>
    public Task<int> MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(MigrationCatalog.Migrations, cancellationToken);

    /// <summary>Applies what is missing of <paramref name="migrations"/> (for tests) and returns how many it applied.</summary>
    public async Task<int> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        using var activity = ControllerDiagnostics.ActivitySource.StartActivity("migrate");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction) { Parameters = { new() { Value = LockKey } } })
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   bytea NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = new Dictionary<int, byte[]>();
        await using (var select = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied[reader.GetInt32(0)] = reader.GetFieldValue<byte[]>(1);
            }
        }

        int count = 0;
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out byte[]? checksum))
            {
                if (!checksum.AsSpan().SequenceEqual(migration.Checksum))
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Version} ({migration.Name}) was changed after it was applied: add a new migration instead.");
                }

                continue;
            }

            await using (var run = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await run.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction)
            {
                Parameters = { new() { Value = migration.Version }, new() { Value = migration.Name }, new() { Value = migration.Checksum } },
            })
            {
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            Log.MigrationApplied(logger, migration.Version, migration.Name);
            count++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        ControllerDiagnostics.MigrationsApplied.Add(count);
        int version = migrations.Count == 0 ? 0 : migrations[^1].Version;
        Log.SchemaReady(logger, version, count);
        return count;
    }
}
