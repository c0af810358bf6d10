using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EslKit.Controller.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EslKit.Controller.Storage;

/// <summary>
/// A private PostgreSQL cluster in a folder of its own, for running without a configured database: created
/// with initdb on first use, started with pg_ctl on a free port on 127.0.0.1, reused when it is already
/// running (another instance on the same folder), and stopped at disposal when this object started it.
/// PostgreSQL refuses to run as root, so as root the tools run as the <c>postgres</c> user (through
/// runuser) and the cluster folder is owned by it. Authentication is scram-sha-256 with a generated
/// superuser password kept beside the cluster (mode 0600), so other local users cannot connect.
/// </summary>
/// <remarks>
/// Layout of <c>root</c>: <c>pgdata/</c> (the cluster, owned by the server's user), <c>superuser.password</c>
/// (written last when the cluster is created), <c>cluster.lock</c> (held while starting, so processes starting
/// together on one folder create and start it once).
/// </remarks>
internal sealed class EmbeddedPostgresCluster : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private const string Superuser = "postgres";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);

    private readonly string _root;
    private readonly string _bin;
    private readonly ILogger _logger;
    private readonly bool _asServiceUser;
    private bool _startedHere;

    private EmbeddedPostgresCluster(string root, string bin, ILogger logger)
    {
        _root = root;
        _bin = bin;
        _logger = logger;
        _asServiceUser = Environment.IsPrivilegedProcess;
    }

    /// <summary>The folder holding the cluster (initdb's data directory).</summary>
    public string DataDirectory => Path.Combine(_root, "pgdata");

    /// <summary>The TCP port the cluster listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>Whether this object started the server (and so stops it when disposed).</summary>
    public bool StartedHere => _startedHere;

    /// <summary>The superuser's password, generated when the cluster was created.</summary>
    internal string Password { get; private set; } = "";

    /// <summary>A connection string for <paramref name="database"/> on this cluster, as the superuser.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Creates the cluster in <paramref name="root"/> if it does not exist, starts it unless it is already
    /// running, and creates <paramref name="database"/> if missing.
    /// </summary>
    /// <param name="root">The cluster's folder, e.g. <c>./.data</c>.</param>
    /// <param name="binDirectory">Where initdb and pg_ctl are; null for the newest /usr/lib/postgresql/*/bin.</param>
    /// <param name="database">The database to make sure exists.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<EmbeddedPostgresCluster> StartAsync(string root, string? binDirectory, string database, ILogger logger, CancellationToken cancellationToken)
    {
        var cluster = new EmbeddedPostgresCluster(Path.GetFullPath(root), binDirectory ?? FindBinDirectory(), logger);
        try
        {
            await cluster.StartAsync(database, cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The newest installed PostgreSQL's bin folder (/usr/lib/postgresql/&lt;version&gt;/bin).</summary>
    public static string FindBinDirectory()
    {
        const string lib = "/usr/lib/postgresql";
        var found = Directory.Exists(lib)
            ? Directory.GetDirectories(lib)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : -1))
                .Where(d => d.Version > 0 && File.Exists(Path.Combine(d.Dir, "bin", "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin"))
                .FirstOrDefault()
            : null;
        return found ?? throw new EmbeddedPostgresException(
            "No PostgreSQL server found under /usr/lib/postgresql: install it (Debian: apt-get install postgresql) or set Storage:ConnectionString.");
    }

    /// <summary>Stops the server now (<c>pg_ctl stop -m immediate</c>: connections are cut as in a crash); <see cref="StartServerAsync"/> brings it back on the same port.</summary>
    internal async Task StopServerAsync(CancellationToken cancellationToken) =>
        await RunToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "120"], cancellationToken).ConfigureAwait(false);

    /// <summary>Starts the server again on the port it had (after <see cref="StopServerAsync"/>), so connection strings stay valid.</summary>
    internal async Task StartServerAsync(CancellationToken cancellationToken)
    {
        string settings = string.Create(CultureInfo.InvariantCulture, $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200");
        await RunToolAsync("pg_ctl", ["start", "-D", DataDirectory, "-w", "-t", "120", "-l", Path.Combine(DataDirectory, "server.log"), "-o", settings], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the cluster if this object started it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_startedHere)
        {
            return;
        }

        _startedHere = false;
        try
        {
            await RunToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "120"], CancellationToken.None).ConfigureAwait(false);
            Log.ClusterStopped(_logger, DataDirectory);
        }
        catch (EmbeddedPostgresException ex)
        {
            Log.ClusterStopFailed(_logger, ex);
        }
    }

    private async Task StartAsync(string database, CancellationToken cancellationToken)
    {
        Log.StartingCluster(_logger, _root);
        Directory.CreateDirectory(_root);

        // Processes starting on the same folder at once take turns: one creates and starts, the others reuse.
        await using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);

        // The password file is written last when a cluster is created: without it the cluster is half-made.
        string passwordFile = Path.Combine(_root, "superuser.password");
        if (!File.Exists(passwordFile) || !File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitialiseAsync(passwordFile, cancellationToken).ConfigureAwait(false);
        }

        Password = (await File.ReadAllTextAsync(passwordFile, cancellationToken).ConfigureAwait(false)).Trim();
        if (await RunningPortAsync(cancellationToken).ConfigureAwait(false) is { } port)
        {
            Port = port;
        }
        else
        {
            await LaunchAsync(cancellationToken).ConfigureAwait(false);
        }

        Log.ClusterRunning(_logger, Port, _startedHere);
        await EnsureDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
    }

    // An exclusive lock on <root>/cluster.lock (flock on Unix), waited for without blocking a thread.
    private async Task<FileStream> TakeTurnAsync(CancellationToken cancellationToken)
    {
        string path = Path.Combine(_root, "cluster.lock");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ToolTimeout);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                try
                {
                    await Task.Delay(200, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new EmbeddedPostgresException($"Another process has held {path} for over {ToolTimeout.TotalMinutes} minutes.");
                }
            }
        }
    }

    private async Task InitialiseAsync(string passwordFile, CancellationToken cancellationToken)
    {
        string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        if (Directory.Exists(DataDirectory))
        {
            // A half-made cluster (initdb interrupted): start again.
            Directory.Delete(DataDirectory, recursive: true);
        }

        if (OperatingSystem.IsWindows())
        {
            throw new EmbeddedPostgresException("The embedded PostgreSQL cluster needs Linux: set Storage:ConnectionString.");
        }

        Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // initdb reads the password from a file the server's user can read; it is removed right after.
        string initPasswordFile = Path.Combine(DataDirectory, "..", $"initdb-{Guid.NewGuid():N}.pw");
        await File.WriteAllTextAsync(initPasswordFile, password, cancellationToken).ConfigureAwait(false);
        try
        {
            if (_asServiceUser)
            {
                await ChownAsync(DataDirectory, cancellationToken).ConfigureAwait(false);
                await ChownAsync(initPasswordFile, cancellationToken).ConfigureAwait(false);
            }

            await RunToolAsync(
                "initdb",
                ["-D", DataDirectory, "-U", Superuser, "--pwfile", initPasswordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8", "--no-instructions"],
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(initPasswordFile);
        }

        CreatePrivateFile(passwordFile);
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken).ConfigureAwait(false);
        Log.ClusterInitialised(_logger, DataDirectory);
    }

    // Creates the password file readable by this user only.
    private static void CreatePrivateFile(string path)
    {
        using (File.Create(path, 1, FileOptions.None))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        // A free port may be taken between the check and the start: try a few.
        EmbeddedPostgresException? last = null;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            int port = FreePort();
            string settings = string.Create(CultureInfo.InvariantCulture, $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200");
            try
            {
                await RunToolAsync("pg_ctl", ["start", "-D", DataDirectory, "-w", "-t", "120", "-l", Path.Combine(DataDirectory, "server.log"), "-o", settings], cancellationToken).ConfigureAwait(false);
                Port = port;
                _startedHere = true;
                return;
            }
            catch (EmbeddedPostgresException ex)
            {
                last = ex;
                if (await RunningPortAsync(cancellationToken).ConfigureAwait(false) is { } running)
                {
                    // Another instance started it meanwhile: use theirs.
                    Port = running;
                    return;
                }
            }
        }

        throw last!;
    }

    // The port of the server running on this data directory (pg_ctl status, then line 4 of postmaster.pid), or null.
    private async Task<int?> RunningPortAsync(CancellationToken cancellationToken)
    {
        if (await RunAsync(Path.Combine(_bin, "pg_ctl"), ["status", "-D", DataDirectory], _asServiceUser, throwOnFailure: false, cancellationToken).ConfigureAwait(false) != 0)
        {
            return null;
        }

        string[] lines = await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid"), cancellationToken).ConfigureAwait(false);
        return lines.Length >= 4 && int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out int port) ? port : null;
    }

    private async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            // Identifiers cannot be parameters: quote it as PostgreSQL does.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase || ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another instance created it at the same moment.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<int> ChownAsync(string path, CancellationToken cancellationToken) =>
        RunAsync("chown", [ServiceUser + ":", path], asServiceUser: false, throwOnFailure: true, cancellationToken);

    private Task<int> RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(_bin, tool), arguments, _asServiceUser, throwOnFailure: true, cancellationToken);

    // Runs a tool (as the server's user when root) and returns its exit code; a failure throws with its output
    // when asked to.
    private static async Task<int> RunAsync(string program, IReadOnlyList<string> arguments, bool asServiceUser, bool throwOnFailure, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = asServiceUser ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asServiceUser)
        {
            foreach (string a in (string[])["-u", ServiceUser, "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new EmbeddedPostgresException($"Could not run {Path.GetFileName(program)}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string stderr = await error.ConfigureAwait(false);
        string stdout = await output.ConfigureAwait(false);
        if (process.ExitCode != 0 && throwOnFailure)
        {
            string tail = (stderr.Length > 0 ? stderr : stdout).Trim();
            throw new EmbeddedPostgresException(
                $"{Path.GetFileName(program)} {(arguments.Count > 0 ? arguments[0] : "")} failed with exit code {process.ExitCode}: {tail}");
        }

        return process.ExitCode;
    }
}
