using EslKit.Controller.Storage;
using EslKit.Controller.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EslKit.Controller.Tests.Storage;

/// <summary>
/// The controller's data source prepares the statements it repeats (PostgreSQL then skips parsing and planning them:
/// a third of the database's CPU in the load run) and keeps a pool of a few connections per core, unless the
/// connection string says otherwise.
/// </summary>
public sealed class DataSourceTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    [Fact]
    public async Task A_statement_run_twice_is_prepared_on_the_server_and_stays_prepared_on_the_pooled_connection()
    {
        await using var dataSource = ControllerDatabase.CreateDataSource(Database.ConnectionString, NullLoggerFactory.Instance);
        Assert.Equal(ControllerDatabase.AutoPreparedStatements, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);

        const string Statement = "SELECT count(*) FROM campaign_items WHERE state = $1";
        long prepared = 0;
        for (int run = 0; run < 3; run++)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using (var command = new NpgsqlCommand(Statement, connection))
            {
                command.Parameters.Add(new() { Value = "pending" });
                Assert.Equal(0L, await command.ExecuteScalarAsync());
            }

            await using var check = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", connection);
            check.Parameters.Add(new() { Value = Statement });
            prepared = (long)(await check.ExecuteScalarAsync())!;
        }

        Assert.Equal(1, prepared); // prepared after its second run, and still there when the pool gave the connection back
    }

    [Fact]
    public async Task A_connection_string_that_sets_auto_prepare_or_the_pool_is_obeyed_and_the_defaults_fill_in_the_rest()
    {
        await using var defaults = ControllerDatabase.CreateDataSource(Database.ConnectionString, NullLoggerFactory.Instance);
        var chosen = new NpgsqlConnectionStringBuilder(defaults.ConnectionString);
        Assert.Equal((Math.Max(10, 4 * Environment.ProcessorCount), true), (chosen.MaxPoolSize, chosen.NoResetOnClose));

        await using var set = ControllerDatabase.CreateDataSource(Database.ConnectionString + ";Max Auto Prepare=0;Maximum Pool Size=33;No Reset On Close=false", NullLoggerFactory.Instance);
        var settings = new NpgsqlConnectionStringBuilder(set.ConnectionString);
        Assert.Equal((0, 33, false), (settings.MaxAutoPrepare, settings.MaxPoolSize, settings.NoResetOnClose));
    }
}
