using System.Net;
using System.Net.Sockets;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>
/// A loopback stand-in for FreeSWITCH's Event Socket. Inbound (what listens on port 8021): it sends
/// <c>auth/request</c>, answers every command with FreeSWITCH's exact reply text, runs scripted
/// <c>api</c>/<c>bgapi</c> handlers, delivers events and log lines serialised byte-for-byte as FreeSWITCH
/// does, and lets tests inject faults (drop, stall, slow reads, raw bytes, restart). Outbound: it places
/// calls on an outbound socket server as the <c>socket</c> application does (<see cref="ConnectOutboundAsync"/>).
/// </summary>
/// <example>
/// <code>
/// await using var fs = await EslSwitchEmulator.StartAsync();
/// fs.SetApiResponse("status", "UP 0 years, 0 days\n");
/// // connect your client to fs.EndPoint with password "ClueCon" …
/// var conn = (await fs.WaitForConnectionsAsync(1))[0];
/// await conn.WaitForCommandAsync(c => c.StartsWith("event plain"));
/// await fs.PublishAsync(fs.CreateEvent("HEARTBEAT").AddHeader("Event-Info", "System Ready"));
/// </code>
/// </example>
public sealed partial class EslSwitchEmulator : IAsyncDisposable
{
    /// <summary>The goodbye text of FreeSWITCH's disconnect notice after exit, a failed auth, a timeout or a rejection (67 bytes).</summary>
    public const string GoodbyeMessage = FsText.Goodbye;

    /// <summary>The disconnect notice text when the module unloads or the switch shuts down.</summary>
    public const string ShutdownMessage = FsText.Shutdown;

    /// <summary>The disconnect notice text when a listener's event queue overflowed.</summary>
    public const string LostEventsMessage = FsText.LostEvents;

    /// <summary>The disconnect notice text when a listener's log queue overflowed.</summary>
    public const string LostLogLinesMessage = FsText.LostLogLines;

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly EslEmulatorOptions _options;
    private readonly object _lock = new();
    private readonly List<EslEmulatorConnection> _connections = [];
    private readonly List<Waiter> _waiters = [];
    private readonly CancellationTokenSource _lifetime = new();
    private readonly DateTimeOffset _startedAt;
    private Socket? _listener;
    private CancellationTokenSource? _acceptCancel;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _heartbeatLoop = Task.CompletedTask;
    private int _nextConnectionId;
    private long _nextSequence;
    private bool _disposed;

    private EslSwitchEmulator(EslEmulatorOptions options)
    {
        _options = options;
        _nextSequence = options.FirstEventSequence;
        _startedAt = options.TimeProvider.GetUtcNow();
        RegisterBuiltInApis();
    }

    /// <summary>The address clients connect to (127.0.0.1 and the chosen port by default).</summary>
    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The port listened on.</summary>
    public int Port => EndPoint.Port;

    /// <summary>True while new connections are accepted (false between <see cref="StopAsync"/> and <see cref="RestartAsync"/>).</summary>
    public bool IsListening { get; private set; }

    /// <summary>The password <c>auth</c> expects.</summary>
    public string Password => _options.Password;

    /// <summary>The <c>Core-UUID</c> of every event.</summary>
    public string CoreUuid => _options.CoreUuid;

    /// <summary>Every connection accepted so far, in order (closed ones included; see <see cref="EslEmulatorConnection.IsConnected"/>).</summary>
    public IReadOnlyList<EslEmulatorConnection> Connections
    {
        get
        {
            lock (_lock)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>The connections still open.</summary>
    public IReadOnlyList<EslEmulatorConnection> ActiveConnections
    {
        get
        {
            lock (_lock)
            {
                return [.. _connections.Where(c => c.IsConnected)];
            }
        }
    }

    /// <summary>
    /// The <c>Event-Sequence</c> the next event gets. Every event the switch creates takes one (API events
    /// too, see <see cref="EslEmulatorOptions.FireApiEvents"/>), whether or not anyone receives it; set it to
    /// line up with a capture.
    /// </summary>
    public long NextEventSequence
    {
        get => Interlocked.Read(ref _nextSequence);
        set => Interlocked.Exchange(ref _nextSequence, value);
    }

    /// <summary>Exceptions thrown by scripted handlers (api, bgapi, sendmsg); each also produced a <c>-ERR</c> answer.</summary>
    public IReadOnlyList<Exception> HandlerErrors
    {
        get
        {
            lock (_lock)
            {
                return [.. _handlerErrors];
            }
        }
    }

    internal EslEmulatorOptions Options => _options;

    internal CancellationToken Lifetime => _lifetime.Token;

    private readonly List<Exception> _handlerErrors = [];

    /// <summary>Starts an emulator listening on <see cref="EslEmulatorOptions.ListenAddress"/> (loopback) and <see cref="EslEmulatorOptions.Port"/> (0: any free port).</summary>
    public static Task<EslSwitchEmulator> StartAsync(EslEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var copy = (options ?? new EslEmulatorOptions()).Clone();
        if (copy.MaxQueuedEvents < 1 || copy.MaxLostEvents < 0)
        {
            throw new ArgumentException("MaxQueuedEvents must be positive and MaxLostEvents not negative.", nameof(options));
        }

        var emulator = new EslSwitchEmulator(copy);
        emulator.Listen(copy.Port);
        if (copy.HeartbeatInterval is { } interval)
        {
            emulator._heartbeatLoop = emulator.RunHeartbeatAsync(interval);
        }

        return Task.FromResult(emulator);
    }

    /// <summary>
    /// Stops listening and ends every connection: with <paramref name="notifyClients"/> each gets FreeSWITCH's
    /// shutdown notice (<c>The system is being shut down.</c>) and a close, as on module unload; without,
    /// connections are dropped abortively (a crash). Later connects are refused until <see cref="RestartAsync"/>.
    /// </summary>
    public async Task StopAsync(bool notifyClients = true, CancellationToken cancellationToken = default)
    {
        StopListening();
        var open = ActiveConnections;
        foreach (var connection in open)
        {
            connection.Resume(); // a stalled listener thread still gets killed at shutdown
            if (notifyClients)
            {
                connection.Kill(FsText.Shutdown);
            }
            else
            {
                connection.Abort();
            }
        }

        await WaitClosedAsync(open, cancellationToken).ConfigureAwait(false);
        await StopOutboundAsync(notifyClients, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Listens again on the same port after <see cref="StopAsync"/> (stopping first if still listening), as a
    /// restarted FreeSWITCH would; channels and scripted handlers are kept.
    /// </summary>
    public async Task RestartAsync(bool notifyClients = true, TimeSpan downtime = default, CancellationToken cancellationToken = default)
    {
        if (IsListening)
        {
            await StopAsync(notifyClients, cancellationToken).ConfigureAwait(false);
        }

        if (downtime > TimeSpan.Zero)
        {
            await Task.Delay(downtime, cancellationToken).ConfigureAwait(false);
        }

        // The old port may be briefly unavailable; retry a little before giving up.
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                Listen(Port);
                return;
            }
            catch (SocketException) when (attempt < 50)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Drops every open connection abortively (TCP reset, no notice).</summary>
    public async Task DropAllAsync(CancellationToken cancellationToken = default)
    {
        var open = ActiveConnections;
        foreach (var connection in open)
        {
            connection.Abort();
        }

        await WaitClosedAsync(open, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends every open connection with a disconnect notice (see <see cref="EslEmulatorConnection.CloseGracefullyAsync"/>).</summary>
    public async Task CloseAllGracefullyAsync(string? notice = GoodbyeMessage, CancellationToken cancellationToken = default)
    {
        var open = ActiveConnections;
        foreach (var connection in open)
        {
            connection.Resume();
            connection.Kill(notice);
        }

        await WaitClosedAsync(open, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the same raw bytes to every open connection (see <see cref="EslEmulatorConnection.SendRawAsync(ReadOnlyMemory{byte}, CancellationToken)"/>).</summary>
    public Task SendRawToAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        Task.WhenAll(ActiveConnections.Select(c => c.SendRawAsync(bytes, cancellationToken)));

    /// <summary>Makes every open connection read slowly (see <see cref="EslEmulatorConnection.ReadSlowly"/>).</summary>
    public void ReadAllSlowly(int bytesPerRead, TimeSpan delay)
    {
        foreach (var connection in ActiveConnections)
        {
            connection.ReadSlowly(bytesPerRead, delay);
        }
    }

    /// <summary>Stops reading from and writing to every open connection until <see cref="ResumeAll"/>.</summary>
    public void StallAll()
    {
        foreach (var connection in ActiveConnections)
        {
            connection.Stall();
        }
    }

    /// <summary>Undoes <see cref="StallAll"/> (and any per-connection stall).</summary>
    public void ResumeAll()
    {
        foreach (var connection in ActiveConnections)
        {
            connection.Resume();
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> connections have been accepted in total; returns them.</summary>
    /// <exception cref="TimeoutException">Not reached within <paramref name="timeout"/> (10 s by default).</exception>
    public async Task<IReadOnlyList<EslEmulatorConnection>> WaitForConnectionsAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await WaitUntilAsync(() => _connections.Count >= count, () => $"{count} connection(s); {Connections.Count} accepted", timeout, cancellationToken).ConfigureAwait(false);
        return Connections;
    }

    /// <summary>Waits for an authenticated connection that is still open (the newest one if several).</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/> (10 s by default).</exception>
    public async Task<EslEmulatorConnection> WaitForAuthenticatedConnectionAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        EslEmulatorConnection? found = null;
        await WaitUntilAsync(
            () => (found = _connections.LastOrDefault(c => c.IsConnected && c.IsAuthenticated)) is not null,
            () => "an authenticated connection",
            timeout,
            cancellationToken).ConfigureAwait(false);
        return found!;
    }

    /// <summary>Waits until any connection has received a command matching <paramref name="predicate"/> (already received ones count).</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/> (10 s by default); the message lists what was received.</exception>
    public async Task<EslReceivedCommand> WaitForCommandAsync(Func<EslReceivedCommand, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        EslReceivedCommand? found = null;
        await WaitUntilAsync(
            () => (found = _connections.SelectMany(c => c.ReceivedCommands).FirstOrDefault(predicate)) is not null,
            () => "a matching command; received: " + string.Join(" | ", Connections.SelectMany(c => c.ReceivedCommands).Select(c => c.ToString())),
            timeout,
            cancellationToken).ConfigureAwait(false);
        return found!;
    }

    /// <summary>Waits until any connection received a command line starting with <paramref name="prefix"/> (ignoring case).</summary>
    public Task<EslReceivedCommand> WaitForCommandAsync(string prefix, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return WaitForCommandAsync(c => c.StartsWith(prefix), timeout, cancellationToken);
    }

    /// <summary>Stops the emulator: shutdown notices to open connections, then close.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await StopAsync(notifyClients: true, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Clients that do not read: drop them.
            List<EslEmulatorConnection> stuck = [.. ActiveConnections, .. OutboundCalls.Select(c => c.Connection).Where(c => c.IsConnected)];
            foreach (var connection in stuck)
            {
                connection.Abort();
            }

            try
            {
                await Task.WhenAll(stuck.Select(c => c.Completion)).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // nothing more to wait for: their sockets are released below
            }
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            await _heartbeatLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // expected at shutdown
        }

        await WaitBackgroundJobsAsync().ConfigureAwait(false);
        AudioStreams.DeleteFiles();
        foreach (var connection in Connections)
        {
            connection.ReleaseSocket(); // ends any background linger
        }

        foreach (var call in OutboundCalls)
        {
            call.Connection.ReleaseSocket();
        }

        _lifetime.Dispose();
        lock (_lock)
        {
            foreach (var waiter in _waiters)
            {
                waiter.Completion.TrySetException(new ObjectDisposedException(nameof(EslSwitchEmulator)));
            }

            _waiters.Clear();
        }
    }

    internal void RecordHandlerError(Exception exception)
    {
        lock (_lock)
        {
            _handlerErrors.Add(exception);
        }
    }

    internal string NewUuid() => NewGuid().ToString("D");

    internal Guid NewGuid() => _options.UuidFactory?.Invoke() ?? Guid.NewGuid();

    /// <summary>Re-evaluates the waiters after something observable changed.</summary>
    internal void NotifyChanged()
    {
        List<Waiter>? done = null;
        lock (_lock)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                bool met;
                try
                {
                    met = _waiters[i].Condition();
                }
                catch (Exception ex)
                {
                    _waiters[i].Completion.TrySetException(ex);
                    _waiters.RemoveAt(i);
                    continue;
                }

                if (met)
                {
                    (done ??= []).Add(_waiters[i]);
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Completed outside the lock: continuations run asynchronously anyway.
        done?.ForEach(w => w.Completion.TrySetResult());
    }

    internal async Task WaitUntilAsync(Func<bool> condition, Func<string> describe, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(condition);
        lock (_lock)
        {
            if (condition())
            {
                return;
            }

            _waiters.Add(waiter);
        }

        var limit = timeout ?? DefaultWait;
        try
        {
            await waiter.Completion.Task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }

            throw new TimeoutException($"The emulator waited {limit.TotalSeconds:0.###} s for {describe()}.");
        }
        finally
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private void Listen(int port)
    {
        var socket = new Socket(_options.ListenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(_options.ListenAddress, port));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _listener = socket;
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        IsListening = true;
        _acceptCancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _acceptLoop = AcceptLoopAsync(socket, _acceptCancel.Token);
    }

    private void StopListening()
    {
        IsListening = false;
        _acceptCancel?.Cancel();
        _acceptCancel?.Dispose();
        _acceptCancel = null;
        _listener?.Dispose();
        _listener = null;
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            EslEmulatorConnection connection;
            lock (_lock)
            {
                connection = new EslEmulatorConnection(this, client, Interlocked.Increment(ref _nextConnectionId));
                _connections.Add(connection);
            }

            connection.Start();
            NotifyChanged();
        }
    }

    private static async Task WaitClosedAsync(IReadOnlyList<EslEmulatorConnection> connections, CancellationToken cancellationToken)
    {
        foreach (var connection in connections)
        {
            await connection.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Waiter(Func<bool> condition)
    {
        public Func<bool> Condition { get; } = condition;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
