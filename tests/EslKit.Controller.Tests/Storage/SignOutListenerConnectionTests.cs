using EslKit.Controller.Storage;
using EslKit.Controller.Tests.Support;
using EslKit.Controller.WebConsole;
using EslKit.Controller.WebConsole.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EslKit.Controller.Tests.Storage;

/// <summary>
/// The controller's pool does not reset connections on their return (ControllerDatabase), so the one connection that
/// changes session state — the sign-out broadcast's LISTEN — must undo it: after the listener stops, the pooled
/// connection it used listens to nothing.
/// </summary>
public sealed class SignOutListenerConnectionTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    [Fact]
    public async Task The_listener_hears_a_sign_out_and_its_connection_goes_back_to_the_pool_no_longer_listening()
    {
        // A pool of one: the connection the listener held is the one the checks below get.
        await using var dataSource = ControllerDatabase.CreateDataSource(Database.ConnectionString + ";Maximum Pool Size=1;Timeout=5", NullLoggerFactory.Instance);
        var sessions = new ConsoleSessions(new FakeTimeProvider(), Options.Create(new ConsoleOptions()));
        using var listener = new SignOutBroadcast(dataSource, sessions, TimeProvider.System, NullLogger<SignOutBroadcast>.Instance);
        await listener.StartAsync(default);

        // Another instance signs a session out (its own data source): this one hears it.
        string session = ConsoleSessions.NewId();
        await using (var other = NpgsqlDataSource.Create(Database.ConnectionString))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!sessions.IsEnded(session))
            {
                Assert.True(DateTime.UtcNow < deadline, "the sign-out was never heard");
                await using var notify = other.CreateCommand($"SELECT pg_notify('{SignOutBroadcast.Channel}', $1)");
                notify.Parameters.Add(new() { Value = session });
                await notify.ExecuteNonQueryAsync();
                await Task.Delay(100);
            }
        }

        await listener.StopAsync(default);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var channels = new NpgsqlCommand("SELECT count(*) FROM pg_listening_channels()", connection);
        Assert.Equal(0L, await channels.ExecuteScalarAsync());
    }
}
