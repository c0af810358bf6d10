using Npgsql;

namespace EslKit.Controller.WebConsole.Authentication;

/// <summary>
/// Tells every instance on the database that a console session signed out, so each ends that session's feeds at once
/// (<see cref="ConsoleSessions.End"/>) and refuses its cookie from then on: PostgreSQL's NOTIFY on
/// <see cref="Channel"/>, heard through one LISTEN connection per instance. The payload is the session's random id, which
/// opens nothing by itself. With the database away, a sign-out still ends the session on the instance that served it.
/// </summary>
internal sealed class SignOutBroadcast(NpgsqlDataSource dataSource, ConsoleSessions sessions, TimeProvider time, ILogger<SignOutBroadcast> logger) : BackgroundService
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "eslkit_console_sign_out";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Ends the session here and tells the other instances.</summary>
    public async Task SignOutAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        sessions.End(sessionId);
        try
        {
            await using var command = dataSource.CreateCommand($"SELECT pg_notify('{Channel}', $1)");
            command.Parameters.Add(new() { Value = sessionId });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            ConsoleLog.SignOutNotSent(logger, ex.GetType().Name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == Channel && e.Payload.Length > 0)
                    {
                        sessions.End(e.Payload);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                ConsoleLog.SignOutListening(logger);
                try
                {
                    while (true)
                    {
                        await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await UnlistenAsync(connection).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
            {
                ConsoleLog.SignOutListenerFailed(logger, (int)RetryDelay.TotalSeconds, ex.GetType().Name);
            }

            try
            {
                await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // The pool does not reset connections (ControllerDatabase): this one must not go back still listening.
    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
        {
            // Broken: the pool discards a broken connection rather than reusing it.
        }
    }
}
