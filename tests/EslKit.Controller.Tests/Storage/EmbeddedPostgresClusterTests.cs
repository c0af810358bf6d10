using EslKit.Controller.Storage;
using EslKit.Controller.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EslKit.Controller.Tests.Storage;

/// <summary>A cluster of its own (not the shared one): created, reused while running, stopped, started again with its data.</summary>
[Collection(PostgresGroup.Name)]
public sealed class EmbeddedPostgresClusterTests
{
    [Fact]
    public async Task A_cluster_is_created_reused_while_running_and_keeps_its_data_across_restarts()
    {
        string root = TestFolders.Create("eslkit-embedded");
        try
        {
            await using (var first = await EmbeddedPostgresCluster.StartAsync(root, null, "eslkit", NullLogger.Instance, CancellationToken.None))
            {
                await ExecuteAsync(first, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");

                // A second start on the same folder while it runs reuses it and does not stop it when disposed.
                await using (var second = await EmbeddedPostgresCluster.StartAsync(root, null, "eslkit", NullLogger.Instance, CancellationToken.None))
                {
                    Assert.Equal(first.Port, second.Port);
                }

                Assert.Equal("still here", await ScalarAsync(first, "SELECT value FROM kept"));
            }

            // Stopped by its starter: no server left on the data directory.
            Assert.False(File.Exists(Path.Combine(root, "pgdata", "postmaster.pid")));

            await using (var again = await EmbeddedPostgresCluster.StartAsync(root, null, "eslkit", NullLogger.Instance, CancellationToken.None))
            {
                Assert.Equal("still here", await ScalarAsync(again, "SELECT value FROM kept"));
            }

            // The password is kept beside the cluster, readable by its owner only; as root the cluster belongs to postgres.
            var passwordFile = Path.Combine(root, "superuser.password");
            Assert.False(OperatingSystem.IsWindows(), "the embedded cluster is for Linux");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
            }

            if (Environment.IsPrivilegedProcess)
            {
                Assert.Equal("postgres", await OwnerAsync(Path.Combine(root, "pgdata")));
            }

        }
        finally
        {
            TestFolders.Delete(root);
        }
    }

    [Fact]
    public async Task Two_processes_starting_together_on_a_new_folder_create_and_start_it_once()
    {
        string root = TestFolders.Create("eslkit-embedded");
        try
        {
            using var go = new ManualResetEventSlim();
            var starts = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                go.Wait();
                return await EmbeddedPostgresCluster.StartAsync(root, null, "eslkit", NullLogger.Instance, CancellationToken.None);
            })).ToArray();
            go.Set();
            var clusters = await Task.WhenAll(starts);
            try
            {
                Assert.Equal(clusters[0].Port, clusters[1].Port);
                Assert.Single(clusters, c => c.StartedHere);
                await ExecuteAsync(clusters[0], "CREATE TABLE one (id int)");
                await ExecuteAsync(clusters[1], "INSERT INTO one VALUES (1)");
            }
            finally
            {
                foreach (var cluster in clusters.OrderBy(c => c.StartedHere))
                {
                    await cluster.DisposeAsync();
                }
            }
        }
        finally
        {
            TestFolders.Delete(root);
        }
    }

    [Fact]
    public async Task The_cluster_refuses_connections_without_its_password()
    {
        string root = TestFolders.Create("eslkit-embedded");
        try
        {
            await using var cluster = await EmbeddedPostgresCluster.StartAsync(root, null, "eslkit", NullLogger.Instance, CancellationToken.None);
            var builder = new NpgsqlConnectionStringBuilder(cluster.ConnectionStringFor("eslkit")) { Password = "wrong" };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);

            var ex = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
            Assert.Equal(PostgresErrorCodes.InvalidPassword, ex.SqlState);
        }
        finally
        {
            TestFolders.Delete(root);
        }
    }

    private static async Task ExecuteAsync(EmbeddedPostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionStringFor("eslkit"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(EmbeddedPostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionStringFor("eslkit"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> OwnerAsync(string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%U", path]) { RedirectStandardOutput = true })!;
        string owner = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return owner.Trim();
    }
}
