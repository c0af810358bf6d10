using EslKit.Controller.Calls;
using EslKit.Controller.Storage;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// PostgreSQL stopped while calls are up (a cluster of this test's own, stopped as in a crash) and started again:
/// the calls' ends go to the local journal (fsync'd file) while it is away and are replayed when it is back —
/// no call log is lost, with FreeSWITCH's own billsec; the items end done.
/// </summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task Call_ends_heard_while_the_database_is_away_are_journalled_and_replayed()
    {
        string root = TestFolders.Create("eslkit-pg-outage");
        var cluster = await EmbeddedPostgresCluster.StartAsync(root, null, "outage", NullLogger.Instance, default);
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionStringFor("outage"));
            await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(default);
            await using var harness = await ControllerHarness.StartAsync(dataSource, new HarnessOptions
            {
                ConfigureSwitch = fs => fs.Calls.DefaultOutcome = EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(4)),
            });
            var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant("outage", AccountType.Trial, 3), default);
            string[] numbers = Seed.MalaysianMobiles(3, 500);
            long campaign = await Scenario.CampaignAsync(harness, tenant, numbers);
            var fs = harness.Switch;
            await harness.WaitUntilAsync(() => Task.FromResult(fs.Calls.ActiveCalls == 3), "three calls up");

            await cluster.StopServerAsync(default);
            var journal = harness.Get<ResultJournal>();
            await harness.WaitUntilAsync(() => Task.FromResult(fs.Calls.ActiveCalls == 0 && journal.Depth >= 3), "the calls to end into the journal");
            Assert.True((await journal.ReadAsync(default)).Count >= 3);

            await cluster.StartServerAsync(default);
            await harness.WaitUntilAsync(
                async () => journal.Depth == 0 && await AllSettledAsync(dataSource, campaign),
                "the journal to be replayed and every item to settle",
                TimeSpan.FromSeconds(120));

            await using var command = dataSource.CreateCommand(
                "SELECT l.number, l.ended_at IS NOT NULL, l.answered_at IS NOT NULL, l.billsec, l.hangup_cause, i.state, i.disposition FROM call_logs l JOIN campaign_items i ON i.call_id = l.call_id WHERE l.campaign_id = $1 ORDER BY l.number");
            command.Parameters.Add(new() { Value = campaign });
            var rows = new List<(string Number, bool Ended, bool Answered, int Billsec, string Cause, string State, string Disposition)>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
                }
            }

            Assert.Equal(numbers, rows.Select(r => r.Number));
            Assert.All(rows, r =>
            {
                Assert.True(r.Ended && r.Answered);
                Assert.InRange(r.Billsec, 3, 5);
                Assert.Equal(("NORMAL_CLEARING", "done", "answered"), (r.Cause, r.State, r.Disposition));
            });
            Assert.Contains(harness.Logs.Entries, e => e.Contains("journalled locally", StringComparison.Ordinal));
            Assert.Contains(harness.Logs.Entries, e => e.Contains("replayed", StringComparison.Ordinal));
        }
        finally
        {
            await cluster.DisposeAsync();
            TestFolders.Delete(root);
        }
    }

    private static async Task<bool> AllSettledAsync(NpgsqlDataSource dataSource, long campaign)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM campaign_items WHERE campaign_id = $1 AND state IN ('pending', 'retry', 'dialing', 'answered')");
        command.Parameters.Add(new() { Value = campaign });
        return (long)(await command.ExecuteScalarAsync())! == 0;
    }
}
