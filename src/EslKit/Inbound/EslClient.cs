using System.Diagnostics;
using System.Net.Sockets;
using EslKit.Commands;
using EslKit.Connections;
using EslKit.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EslKit;

/// <summary>
/// An inbound event-socket client: connects to FreeSWITCH (port 8021), authenticates, runs api and
/// bgapi commands (pipelined on one connection; any number of concurrent callers), delivers events and
/// log lines to subscriptions, and reconnects with backoff when FreeSWITCH goes away — re-authenticating
/// and re-applying events, filters and log level. Commands in flight when the connection is lost fail
/// with <see cref="EslConnectionLostException"/>, never hang and never complete twice.
/// </summary>
/// <remarks>The split into partial files follows the features: lifecycle (this file), commands, events.</remarks>
public sealed partial class EslClient : IAsyncDisposable
{
    private readonly EslClientOptions _options;
    private readonly Lock _gate = new();
    private readonly Lock _notifyGate = new(); // orders state changes with their events
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Random _jitter = new();
    private readonly EslBackgroundJobs _jobs;
    private InboundSession? _session;
    private EslConnectionState _state = EslConnectionState.Disconnected;
    private Task _supervisor = Task.CompletedTask;
    private bool _closing;

    /// <summary>Creates a client; nothing happens until <see cref="ConnectAsync(CancellationToken)"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public EslClient(EslClientOptions options, ILogger<EslClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Logger = (ILogger?)logger ?? NullLogger.Instance;
        _router = new EslEventRouter(Logger, options.Endpoint);
        _jobs = new EslBackgroundJobs(Logger);
        _internalEvents = InternalEventsFor(options);
    }

    /// <summary>
    /// Raised synchronously whenever <see cref="State"/> changes, in the order of the changes (under an
    /// internal lock that orders them, so handlers must not block or wait on this client).
    /// </summary>
    public event EventHandler<EslConnectionStateChangedEventArgs>? StateChanged;

    /// <summary>The current state.</summary>
    public EslConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Host and port of FreeSWITCH.</summary>
    public string Endpoint => _options.Endpoint;

    internal ILogger Logger { get; }

    /// <summary>
    /// Creates a client for FreeSWITCH at <paramref name="host"/>:<paramref name="port"/> with the event socket
    /// password, connects and authenticates it: one call to a working client (the defaults of
    /// <see cref="EslClientOptions"/> for everything else). Dispose it when done.
    /// </summary>
    /// <exception cref="EslInvalidSettingException">The host, port or password is invalid (it names the setting).</exception>
    /// <exception cref="EslConnectException">FreeSWITCH could not be reached.</exception>
    /// <exception cref="EslAuthenticationException">The password was refused.</exception>
    /// <exception cref="EslAccessDeniedException">FreeSWITCH's ACL refused this peer.</exception>
    public static Task<EslClient> ConnectAsync(string host, int port, string password, CancellationToken cancellationToken = default) =>
        ConnectAsync(new EslClientOptions { Host = host, Port = port, Password = password }, null, cancellationToken);

    /// <summary>Creates a client with <paramref name="options"/>, connects and authenticates it (see <see cref="ConnectAsync(CancellationToken)"/>).</summary>
    /// <exception cref="EslInvalidSettingException">A setting is out of range (it names the setting).</exception>
    /// <exception cref="EslConnectException">FreeSWITCH could not be reached.</exception>
    /// <exception cref="EslAuthenticationException">The password (or userauth credentials) was refused.</exception>
    /// <exception cref="EslAccessDeniedException">FreeSWITCH's ACL refused this peer.</exception>
    public static async Task<EslClient> ConnectAsync(EslClientOptions options, ILogger<EslClient>? logger = null, CancellationToken cancellationToken = default)
    {
        var client = new EslClient(options, logger);
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Connects and authenticates. Once this has succeeded the client keeps itself connected
    /// (see <see cref="EslClientOptions.Reconnect"/>) until <see cref="CloseAsync"/>.
    /// </summary>
    /// <exception cref="EslConnectException">FreeSWITCH could not be reached.</exception>
    /// <exception cref="EslAuthenticationException">The password (or userauth credentials) was refused.</exception>
    /// <exception cref="EslAccessDeniedException">FreeSWITCH's ACL refused this peer.</exception>
    /// <exception cref="InvalidOperationException">Already connected or closed.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_notifyGate)
        {
            lock (_gate)
            {
                if (_state != EslConnectionState.Disconnected || _closing)
                {
                    throw new InvalidOperationException($"ConnectAsync needs a disconnected client; it is {_state}.");
                }
            }

            SetState(EslConnectionState.Connecting, null);
        }
        InboundSession session;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            session = await OpenSessionAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SetState(EslConnectionState.Disconnected, ex);
            throw;
        }

        if (!Adopt(session))
        {
            await session.Connection.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("The client was closed while connecting.");
        }

        _supervisor = Task.Run(() => SuperviseAsync(session), CancellationToken.None);
    }

    /// <summary>
    /// Closes gracefully: stops taking commands, waits (up to <see cref="EslClientOptions.ShutdownTimeout"/>)
    /// for background jobs and replies in flight, sends <c>exit</c>, and ends every subscription.
    /// </summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        InboundSession? session;
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            session = _session;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            if (session is not null && session.Connection.IsOpen)
            {
                var deadline = new Deadline(_options.ShutdownTimeout);

                // Jobs first: their BACKGROUND_JOB events need the connection.
                await _jobs.WaitAllAsync(deadline.Left, cancellationToken).ConfigureAwait(false);

                // Replies come in order: the answer to exit means every earlier command has its answer.
                await session.Connection.SendAsync(EslCommands.Exit(), "exit", deadline.LeftAtLeast(TimeSpan.FromMilliseconds(1)), cancellationToken).ConfigureAwait(false);
                await ((Task)session.Connection.Completion).WaitAsync(deadline.Left, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (Exception ex) when (ex is EslException or OperationCanceledException)
        {
            // Timed out, cancelled, or already gone: the close below happens regardless.
        }
        finally
        {
            if (session is not null)
            {
                await session.Connection.DisposeAsync().ConfigureAwait(false);
            }

            await _supervisor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _jobs.Fail(null, new EslConnectionLostException($"The client for {Endpoint} was closed"));
            _router.CompleteAll(null);
            CompleteLogSubscriptions();
            EslLog.Closed(Logger, Endpoint);
            SetState(EslConnectionState.Closed, null);
        }
    }

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    /// <summary>The connection to use for a command, or a typed error when there is none.</summary>
    private InboundSession CurrentSession()
    {
        lock (_gate)
        {
            if (_closing)
            {
                throw new EslConnectionLostException($"The client for {Endpoint} is closed");
            }

            if (_session is not { } session || _state != EslConnectionState.Connected)
            {
                throw new EslConnectionLostException($"Not connected to FreeSWITCH at {Endpoint} (state {_state})");
            }

            return session;
        }
    }

    private bool Adopt(InboundSession session)
    {
        lock (_gate)
        {
            if (_closing)
            {
                return false;
            }

            _session = session;
        }

        EslLog.Connected(Logger, Endpoint);
        SetState(EslConnectionState.Connected, null);
        return true;
    }

    // A change and its event happen under one lock, so handlers see the changes in the order they were made;
    // a handler that throws is logged and changes nothing. Handlers must not block.
    private void SetState(EslConnectionState state, Exception? reason)
    {
        lock (_notifyGate)
        {
            EslConnectionState previous;
            lock (_gate)
            {
                previous = _state;
                if (previous == state || previous == EslConnectionState.Closed)
                {
                    return;
                }

                _state = state;
            }

            try
            {
                StateChanged?.Invoke(this, new EslConnectionStateChangedEventArgs(previous, state, reason));
            }
            catch (Exception ex)
            {
                EslLog.HandlerFailed(Logger, Endpoint, ex);
            }
        }
    }

    private async Task<InboundSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(_options.ConnectTimeout);
            await socket.ConnectAsync(_options.Host, _options.Port, connectTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new EslConnectException(Endpoint, $"no answer within {_options.ConnectTimeout.TotalSeconds:0.###} s");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new EslConnectException(Endpoint, ex.SocketErrorCode.ToString(), ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var session = new InboundSession(this);
        session.Connection = new EslConnection(new NetworkStream(socket, ownsSocket: true), Endpoint, session, _options.Limits, _options.MaxQueuedCommands, Logger);
        session.Connection.Start();
        try
        {
            await AuthenticateAsync(session, cancellationToken).ConfigureAwait(false);
            await ApplySubscriptionsAsync(session, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.Connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task AuthenticateAsync(InboundSession session, CancellationToken cancellationToken)
    {
        var ended = session.Connection.Completion;
        var greeting = session.Greeting.Task;
        try
        {
            await Task.WhenAny(greeting, ended).WaitAsync(_options.AuthTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new EslConnectException(Endpoint, $"FreeSWITCH did not ask for a password within {_options.AuthTimeout.TotalSeconds:0.###} s");
        }

        // Not "which finished first": both resume asynchronously, so the order they are seen in is not the
        // order of the frames. A greeting (or rejection) read before the close is always complete by now.
        if (!greeting.IsCompletedSuccessfully)
        {
            throw new EslConnectException(Endpoint, "the connection closed before FreeSWITCH asked for a password", ended.Result);
        }

        if (greeting.Result is { } rejection)
        {
            throw new EslAccessDeniedException(Endpoint, rejection);
        }

        IEslCommand auth = _options.User is { } user
            ? EslCommands.UserAuth(user[..user.IndexOf('@', StringComparison.Ordinal)], user[(user.IndexOf('@', StringComparison.Ordinal) + 1)..], _options.Password)
            : EslCommands.Auth(_options.Password);
        EslCommandReply reply;
        try
        {
            reply = new EslCommandReply(auth.ToString()!, await session.Connection.SendAsync(auth, "auth", _options.AuthTimeout, cancellationToken).ConfigureAwait(false));
        }
        catch (EslCommandTimeoutException)
        {
            throw new EslConnectException(Endpoint, $"FreeSWITCH did not answer the password within {_options.AuthTimeout.TotalSeconds:0.###} s");
        }

        if (!reply.IsSuccess)
        {
            throw new EslAuthenticationException(Endpoint, reply.ReplyText);
        }
    }

    /// <summary>Keeps the client connected: watches the connection and its heartbeat, reconnects when lost.</summary>
    private async Task SuperviseAsync(InboundSession session)
    {
        var token = _lifetime.Token;
        while (!token.IsCancellationRequested)
        {
            var reason = await WaitForLossAsync(session, token).ConfigureAwait(false);
            if (token.IsCancellationRequested)
            {
                return;
            }

            EslLog.ConnectionLost(Logger, Endpoint, reason?.Message ?? "closed", reason);
            _jobs.Fail(session, new EslConnectionLostException($"The connection to FreeSWITCH at {Endpoint} was lost while the job was running", reason));
            await session.Connection.DisposeAsync().ConfigureAwait(false);
            lock (_gate)
            {
                _session = null;
            }

            if (!_options.Reconnect.Enabled)
            {
                SetState(EslConnectionState.Disconnected, reason);
                return;
            }

            SetState(EslConnectionState.Reconnecting, reason);
            var next = await ReconnectAsync(token).ConfigureAwait(false);
            if (next is null)
            {
                return;
            }

            session = next;
        }
    }

    private async Task<Exception?> WaitForLossAsync(InboundSession session, CancellationToken cancellationToken)
    {
        var ended = session.Connection.Completion;
        if (!_options.ChecksHeartbeat || _options.HeartbeatTimeout is not { } limit)
        {
            await ((Task)ended).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return ended.IsCompletedSuccessfully ? ended.Result : null;
        }

        var check = TimeSpan.FromTicks(Math.Clamp(limit.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        while (!ended.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            await Task.WhenAny(ended, Task.Delay(check, cancellationToken)).ConfigureAwait(false);
            // FreeSWITCH sends nothing while it runs an api: a reply still pending is the command timeout's job.
            var silence = Stopwatch.GetElapsedTime(session.LastHeartbeat);
            if (!ended.IsCompleted && silence > limit && !session.Connection.AwaitingReplies)
            {
                EslLog.HeartbeatMissed(Logger, Endpoint, silence.TotalSeconds);
                session.Connection.Abort(new EslConnectionLostException($"no HEARTBEAT from FreeSWITCH at {Endpoint} for {silence.TotalSeconds:0.#} s"));
            }
        }

        return ended.IsCompletedSuccessfully ? ended.Result : null;
    }

    private async Task<InboundSession?> ReconnectAsync(CancellationToken cancellationToken)
    {
        for (int attempt = 0; !cancellationToken.IsCancellationRequested; attempt++)
        {
            var delay = _options.Reconnect.DelayFor(attempt, _jitter);
            EslLog.Reconnecting(Logger, Endpoint, (long)delay.TotalMilliseconds, attempt + 1);
            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                var session = await OpenSessionAsync(cancellationToken).ConfigureAwait(false);

                // Counted before the state change is raised, so whoever reacts to it sees the count.
                if (EslDiagnostics.Reconnects.Enabled)
                {
                    EslDiagnostics.Reconnects.Add(1);
                }

                if (!Adopt(session))
                {
                    await session.Connection.DisposeAsync().ConfigureAwait(false);
                    return null;
                }

                return session;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                // Anything else too (a refused re-applied command, a bug): the supervisor must not die
                // silently and leave the client Reconnecting for ever, so it logs and backs off again.
                EslLog.ConnectFailed(Logger, Endpoint, ex.Message, ex is EslConnectException ? null : ex);
            }
        }

        return null;
    }
}
