using EslKit.Controller.Storage;
using EslKit.Controller.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EslKit.Controller.Tests.Storage;

public sealed class MigrationTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    internal override bool Migrate => false;

    [Fact]
    public async Task A_fresh_database_gets_every_migration_once_and_a_second_run_applies_nothing()
    {
        int first = await Database.MigrateAsync();
        int second = await Database.MigrateAsync();

        Assert.Equal(MigrationCatalog.Migrations.Count, first);
        Assert.Equal(0, second);
        Assert.Equal((long)MigrationCatalog.Migrations.Count, await Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT count(*) FROM system_settings"));
    }

    [Fact]
    public async Task Instances_starting_together_migrate_once()
    {
        // Eight "instances", each with its own data source, all migrating at the same moment.
        var sources = Enumerable.Range(0, 8).Select(_ => NpgsqlDataSource.Create(Database.ConnectionString)).ToArray();
        try
        {
            using var go = new ManualResetEventSlim();
            var runs = sources.Select(s => Task.Run(async () =>
            {
                go.Wait();
                return await new DatabaseMigrator(s, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
            })).ToArray();
            go.Set();
            int[] applied = await Task.WhenAll(runs);

            Assert.Equal(MigrationCatalog.Migrations.Count, applied.Sum());
            Assert.Single(applied, a => a > 0);
            Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT count(*) FROM system_settings"));
            Assert.Equal((long)MigrationCatalog.Migrations.Count, await Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        }
        finally
        {
            foreach (var s in sources)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_schema_as_it_was()
    {
        var migrator = new DatabaseMigrator(Database.DataSource, NullLogger<DatabaseMigrator>.Instance);
        Migration[] broken =
        [
            new(1, "creates", "CREATE TABLE first_table (id int)", [1]),
            new(2, "fails", "CREATE TABLE second_table (id nosuchtype)", [2]),
        ];

        await Assert.ThrowsAsync<PostgresException>(() => migrator.MigrateAsync(broken, CancellationToken.None));

        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename IN ('first_table', 'schema_migrations')"));
    }

    [Fact]
    public async Task An_applied_migration_that_changed_is_refused()
    {
        var migrator = new DatabaseMigrator(Database.DataSource, NullLogger<DatabaseMigrator>.Instance);
        await migrator.MigrateAsync([new(1, "one", "CREATE TABLE one_table (id int)", [1, 2, 3])], CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => migrator.MigrateAsync([new(1, "one", "CREATE TABLE one_table (id bigint)", [9, 9, 9])], CancellationToken.None));
        Assert.Contains("Migration 1 (one) was changed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalog_holds_numbered_embedded_scripts_in_order()
    {
        var migrations = MigrationCatalog.Migrations;

        Assert.NotEmpty(migrations);
        Assert.Equal(1, migrations[0].Version);
        Assert.Equal("initial", migrations[0].Name);
        Assert.Equal(migrations.OrderBy(m => m.Version).Select(m => m.Version), migrations.Select(m => m.Version));
        Assert.Contains("CREATE TABLE campaign_items", migrations[0].Sql, StringComparison.Ordinal);
    }
}
