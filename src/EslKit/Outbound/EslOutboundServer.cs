using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EslKit.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EslKit;

/// <summary>
/// The server FreeSWITCH's <c>socket</c> application connects to, once per call
/// (<c>socket 127.0.0.1:8084 async full</c>). Each connection becomes an <see cref="EslOutboundSession"/>:
/// <c>connect</c> is sent, then the handler runs; when it returns the session says <c>exit</c> and
/// closes. Peers outside <see cref="EslOutboundServerOptions.AllowedPeers"/> and connections past
/// <see cref="EslOutboundServerOptions.MaxSessions"/> are refused by closing their socket at once.
/// </summary>
public sealed class EslOutboundServer : IAsyncDisposable
{
    private readonly EslOutboundServerOptions _options;
    private readonly Func<EslOutboundSession, CancellationToken, Task> _handler;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<EslOutboundSession, Task> _sessions = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly IPNetwork[]? _allowed;
    private Socket? _listener;
    private IPEndPoint? _bound;
    private Task _accepting = Task.CompletedTask;
    private int _active;
    private int _stopping;

    /// <summary>Creates a server whose sessions run <paramref name="handler"/>.</summary>
    public EslOutboundServer(EslOutboundServerOptions options, IEslOutboundHandler handler, ILogger<EslOutboundServer>? logger = null)
        : this(options, (handler ?? throw new ArgumentNullException(nameof(handler))).HandleAsync, logger)
    {
    }

    /// <summary>Creates a server whose sessions run <paramref name="handler"/>.</summary>
    public EslOutboundServer(EslOutboundServerOptions options, Func<EslOutboundSession, CancellationToken, Task> handler, ILogger<EslOutboundServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        _options = options;
        _allowed = options.ParseAllowedPeers();
        _handler = handler;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Where the server listens (the actual port once started, if 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => _bound ?? _options.GetEndPoint();

    /// <summary>True between <see cref="StartAsync"/> and <see cref="StopAsync"/>.</summary>
    public bool IsListening => _listener is not null && Volatile.Read(ref _stopping) == 0;

    /// <summary>Sessions in progress.</summary>
    public int ActiveSessions => Volatile.Read(ref _active);

    /// <summary>Starts listening.</summary>
    /// <exception cref="SocketException">The endpoint cannot be bound (e.g. in use).</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("The server is already started.");
        }

        var endPoint = _options.GetEndPoint();
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
        {
            listener.DualMode = true;
        }

        try
        {
            listener.Bind(endPoint);
            listener.Listen(1024);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _bound = (IPEndPoint)listener.LocalEndPoint!;
        EslLog.Listening(_logger, LocalEndPoint.ToString());
        _accepting = Task.Run(() => AcceptLoopAsync(listener), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting calls and lets running sessions finish for up to
    /// <see cref="EslOutboundServerOptions.ShutdownTimeout"/> (or until <paramref name="cancellationToken"/>),
    /// then closes the connections of those still running and waits for their handlers to end.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            await Task.WhenAll(_sessions.Values).WaitAsync(_options.ShutdownTimeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        _listener?.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var running = _sessions.Values.ToArray();
        EslLog.Draining(_logger, running.Length);
        try
        {
            await Task.WhenAll(running).WaitAsync(_options.ShutdownTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            EslLog.DrainTimedOut(_logger, _sessions.Count);
            try
            {
                await _abort.CancelAsync().ConfigureAwait(false);
            }
            catch (AggregateException callbackFailure)
            {
                EslLog.SessionHandlerFailed(_logger, "(stopping)", callbackFailure);
            }

            foreach (var session in _sessions.Keys)
            {
                session.Connection.Abort(new EslConnectionLostException("the outbound server stopped"));
            }

            // Handlers that ignore their token are not waited for forever.
            await Task.WhenAll(_sessions.Values).WaitAsync(_options.ShutdownTimeout, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_sessions.IsEmpty)
            {
                EslLog.HandlersIgnoredStop(_logger, _sessions.Count);
            }
        }
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _abort.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (Volatile.Read(ref _stopping) != 0 || ex is ObjectDisposedException)
            {
                return; // stopped
            }
            catch (SocketException ex)
            {
                // E.g. out of file descriptors, or a peer that vanished while queued: keep serving.
                EslLog.AcceptFailed(_logger, ex.SocketErrorCode.ToString(), ex);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }

            try
            {
                Accept(socket);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
            {
                EslLog.AcceptFailed(_logger, "the connection broke while being set up", ex);
                socket.Dispose();
            }
        }
    }

    private void Accept(Socket socket)
    {
        var peer = (IPEndPoint)socket.RemoteEndPoint!;
        string? refusal = Volatile.Read(ref _stopping) != 0 ? "stopping"
            : !IsAllowed(peer.Address) ? "not_allowed"
            : Interlocked.Increment(ref _active) > _options.MaxSessions ? "max_sessions"
            : null;
        if (refusal is not null)
        {
            if (refusal == "max_sessions")
            {
                Interlocked.Decrement(ref _active);
            }

            Refuse(socket, peer, refusal);
            return;
        }

        EslOutboundSession session;
        try
        {
            socket.NoDelay = true;
            session = new EslOutboundSession(new NetworkStream(socket, ownsSocket: true), peer, _options, _logger);
        }
        catch
        {
            Interlocked.Decrement(ref _active);
            throw;
        }

        var run = new TaskCompletionSource();
        _sessions[session] = run.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await RunSessionAsync(session).ConfigureAwait(false);
            }
            finally
            {
                _sessions.TryRemove(session, out _);
                Interlocked.Decrement(ref _active);
                run.TrySetResult();
            }
        });
    }

    private async Task RunSessionAsync(EslOutboundSession session)
    {
        if (EslDiagnostics.ActiveSessions.Enabled)
        {
            EslDiagnostics.ActiveSessions.Add(1);
        }

        try
        {
            try
            {
                await session.StartAsync(_abort.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is EslException or OperationCanceledException or IOException)
            {
                EslLog.SessionStartFailed(_logger, session.RemoteEndPoint.ToString() ?? "?", ex);
                return;
            }

            using var handlerToken = CancellationTokenSource.CreateLinkedTokenSource(session.ClosedToken, _abort.Token);
            try
            {
                await _handler(session, handlerToken.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // One failing handler never affects another session.
                if (EslDiagnostics.HandlerFailures.Enabled)
                {
                    EslDiagnostics.HandlerFailures.Add(1);
                }

                EslLog.SessionHandlerFailed(_logger, session.ToString(), ex);
            }
        }
        finally
        {
            try
            {
                await session.CloseAsync(_options.CommandTimeout).ConfigureAwait(false);
            }
            finally
            {
                if (EslDiagnostics.ActiveSessions.Enabled)
                {
                    EslDiagnostics.ActiveSessions.Add(-1);
                }
            }
        }
    }

    private bool IsAllowed(IPAddress address)
    {
        if (_allowed is null)
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _allowed)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private void Refuse(Socket socket, IPEndPoint peer, string reason)
    {
        if (EslDiagnostics.SessionsRefused.Enabled)
        {
            EslDiagnostics.SessionsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }

        EslLog.SessionRefused(_logger, peer.ToString(), reason);
        socket.Dispose();
    }
}
