using System.Collections.Concurrent;
using System.Net;
using System.Text;
using EslKit.Commands;
using EslKit.Connections;
using EslKit.Diagnostics;
using EslKit.Protocol;
using Microsoft.Extensions.Logging;

namespace EslKit;

/// <summary>
/// One call that FreeSWITCH's <c>socket</c> application handed to an <see cref="EslOutboundServer"/>.
/// The server has already sent <c>connect</c> (see <see cref="Channel"/>), and by default <c>myevents</c>
/// and, in full mode, <c>linger</c>. Commands pipeline on the session's connection; events after hangup
/// keep arriving until FreeSWITCH's linger ends or the handler returns.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token sources have no timers, so nothing is leaked; they are cancelled from the thread pool, possibly after the session ended, so disposing them could race.")]
public sealed class EslOutboundSession : IEslFrameHandler
{
    private readonly EslOutboundServerOptions _options;
    private readonly ILogger _logger;
    private readonly EslEventRouter _router;
    private readonly EslBackgroundJobs _jobs;
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<EslEvent>> _executions = new();
    private readonly CancellationTokenSource _hangup = new();
    private readonly CancellationTokenSource _closed = new();
    private EventWaiter[] _waiters = [];
    private EslChannelData? _channel;
    private int _hungUp;
    private bool _jobsSubscribed;

    internal EslOutboundSession(Stream stream, EndPoint remote, EslOutboundServerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        RemoteEndPoint = remote;
        string endpoint = remote.ToString() ?? "FreeSWITCH";
        _router = new EslEventRouter(logger, endpoint);
        _jobs = new EslBackgroundJobs(logger);
        Connection = new EslConnection(stream, endpoint, this, options.Limits, 1024, logger);
    }

    /// <summary>FreeSWITCH's address.</summary>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>The channel data from FreeSWITCH's reply to <c>connect</c>.</summary>
    public EslChannelData Channel => _channel ?? throw new InvalidOperationException("The session has not connected yet.");

    /// <summary>The channel's UUID.</summary>
    public Guid UniqueId => Channel.UniqueId;

    /// <summary>
    /// Cancelled when the channel hangs up (CHANNEL_HANGUP, the linger notice, or the connection ending).
    /// It is cancelled on the thread pool, never on the connection's read loop, so code that has just seen a
    /// later event (e.g. CHANNEL_HANGUP_COMPLETE) should test <see cref="IsHungUp"/>, which is set at once.
    /// </summary>
    public CancellationToken HangupToken => _hangup.Token;

    /// <summary>Cancelled when the connection to FreeSWITCH has ended.</summary>
    public CancellationToken ClosedToken => _closed.Token;

    /// <summary>True once the channel has hung up.</summary>
    public bool IsHungUp => Volatile.Read(ref _hungUp) != 0;

    /// <summary>Completes when the connection has ended, with why (null when EslKit closed it).</summary>
    public Task<Exception?> Completion => Connection.Completion;

    internal EslConnection Connection { get; }

    /// <summary>
    /// Opens a stream of this session's events (from now on) matching <paramref name="selector"/>.
    /// Subscribe before triggering what you wait for.
    /// </summary>
    public EslSubscription<EslEvent> Subscribe(EslEventSelector? selector = null, EslSubscriptionOptions? options = null) =>
        _router.Add(selector ?? EslEventSelector.All, options ?? _options.Subscription);

    /// <summary>Reads this session's events until the connection ends or <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<EslEvent> ReadEventsAsync(EslEventSelector? selector = null, CancellationToken cancellationToken = default) =>
        Subscribe(selector).ReadAllThenDisposeAsync(cancellationToken);

    /// <summary>
    /// Waits for the next event of this session that matches (the predicate runs on the read loop: keep it
    /// quick). Start waiting before triggering the event, e.g. before executing <c>answer</c>.
    /// </summary>
    /// <exception cref="EslConnectionLostException">The connection ended first.</exception>
    public Task<EslEvent> WaitForEventAsync(Func<EslEvent, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var waiter = new EventWaiter(match);
        lock (_executions)
        {
            _waiters = [.. _waiters, waiter];
        }

        if (!Connection.IsOpen)
        {
            waiter.Result.TrySetException(Lost("the connection has ended"));
        }

        var registration = cancellationToken.Register(() => waiter.Result.TrySetCanceled(cancellationToken));
        _ = waiter.Result.Task.ContinueWith(
            _ =>
            {
                registration.Dispose();
                RemoveWaiter(waiter); // a cancelled wait must not stay in the list
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return waiter.Result.Task;
    }

    /// <summary>Waits for the next event of a type (e.g. <see cref="EslEventName.Dtmf"/>).</summary>
    public Task<EslEvent> WaitForEventAsync(EslEventName name, CancellationToken cancellationToken = default) =>
        WaitForEventAsync(e => e.Name == name, cancellationToken);

    /// <summary>
    /// Runs an application on the channel (<c>sendmsg</c> execute with <c>event-lock</c> and an Event-UUID)
    /// and completes when its CHANNEL_EXECUTE_COMPLETE arrives, with the application's response.
    /// </summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused the message.</exception>
    /// <exception cref="EslChannelHungUpException">The channel hung up and the application never completed.</exception>
    /// <exception cref="EslConnectionLostException">The connection ended first.</exception>
    public async Task<EslExecuteResult> ExecuteAsync(string application, string? argument = null, CancellationToken cancellationToken = default)
    {
        var (uuid, completion) = await StartExecuteAsync(application, argument, new EslExecuteOptions { EventLock = true }, cancellationToken).ConfigureAwait(false);
        return new EslExecuteResult(uuid, await completion.WaitAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Sends the execute and returns once FreeSWITCH accepted it, with the Application-UUID and a task
    /// that completes on its CHANNEL_EXECUTE_COMPLETE. With <c>Async</c> set, the message is queued even
    /// on a static socket. The Event-UUID of <paramref name="options"/> is always EslKit's own.
    /// </summary>
    public async Task<(Guid ApplicationUuid, Task<EslEvent> Completion)> StartExecuteAsync(string application, string? argument, EslExecuteOptions options, CancellationToken cancellationToken = default)
    {
        if (IsHungUp)
        {
            throw new EslChannelHungUpException(UniqueId, $"cannot execute {application}");
        }

        var uuid = Guid.NewGuid();
        var command = EslCommands.SendMsgExecute(null, application, argument, options with { EventUuid = uuid });
        var completion = new TaskCompletionSource<EslEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        _executions[uuid] = completion;
        try
        {
            // A static socket runs the application before it answers: the reply takes as long as the application.
            var timeout = Channel.IsAsync || options.Async ? _options.CommandTimeout : Timeout.InfiniteTimeSpan;
            await Connection.SendCheckedAsync(command, "sendmsg", timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _executions.TryRemove(uuid, out _);
            throw;
        }

        return (uuid, completion.Task);
    }

    /// <summary>Hangs the channel up (<c>sendmsg</c> hangup) with a Q.850 cause name.</summary>
    public Task HangupAsync(string cause = "NORMAL_CLEARING", CancellationToken cancellationToken = default) =>
        Connection.SendCheckedAsync(EslCommands.SendMsgHangup(null, cause), "sendmsg", _options.CommandTimeout, cancellationToken);

    /// <summary>
    /// Sets a channel variable to exactly <paramref name="value"/> (the <c>set</c> application, so it works
    /// without full mode; see <see cref="EslApplication.Set"/> for what is refused).
    /// </summary>
    /// <exception cref="EslValueRejectedException">The name is not a variable name, or the value cannot arrive as given.</exception>
    public async Task SetVariableAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        var set = EslApplication.Set(name, value);
        await ExecuteAsync(set.Name, set.Argument, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a channel variable now (<c>getvar</c>); null when it is not set.</summary>
    public async Task<string?> GetVariableAsync(string name, CancellationToken cancellationToken = default)
    {
        var command = EslCommands.GetVar(name);
        var reply = new EslCommandReply(command.ToString(), await Connection.SendAsync(command, "getvar", _options.CommandTimeout, cancellationToken).ConfigureAwait(false));

        // FreeSWITCH answers an unset variable with its generic "-ERR command not found".
        return reply.ReplyText == "-ERR command not found" ? null : reply.ReplyText;
    }

    /// <summary>
    /// Asks for this channel's events (<c>myevents [format]</c>). The server sends it before the handler runs
    /// unless <see cref="EslOutboundServerOptions.SubscribeToChannelEvents"/> is off; executes, hangup
    /// detection and event waits need it.
    /// </summary>
    public Task SubscribeChannelEventsAsync(EslEventFormat format = EslEventFormat.Plain, CancellationToken cancellationToken = default) =>
        Connection.SendCheckedAsync(EslCommands.MyEvents(null, format == EslEventFormat.Plain ? null : format), "myevents", _options.CommandTimeout, cancellationToken);

    /// <summary>Keeps the socket open after hangup for the remaining events (<c>linger</c>; needs full mode).</summary>
    public Task LingerAsync(int? seconds = null, CancellationToken cancellationToken = default) =>
        SendFullAsync(EslCommands.Linger(seconds), "linger", cancellationToken);

    /// <summary>Closes the socket at hangup (<c>nolinger</c>; needs full mode).</summary>
    public Task NoLingerAsync(CancellationToken cancellationToken = default) =>
        SendFullAsync(EslCommands.NoLinger(), "nolinger", cancellationToken);

    /// <summary>Lets the dialplan continue after the socket closes (<c>resume</c>).</summary>
    public Task ResumeAsync(CancellationToken cancellationToken = default) =>
        Connection.SendCheckedAsync(EslCommands.Resume(), "resume", _options.CommandTimeout, cancellationToken);

    /// <summary>Runs an api command over this session (needs full mode).</summary>
    /// <exception cref="EslModeException">The socket is not in full mode.</exception>
    public async Task<EslApiResponse> ApiAsync(EslApiCall call, CancellationToken cancellationToken = default)
    {
        var command = EslCommands.Api(call);
        RequireFull(command);
        return new EslApiResponse(command.ToString(), await Connection.SendAsync(command, "api", _options.CommandTimeout, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Runs an api command over this session (needs full mode).</summary>
    public Task<EslApiResponse> ApiAsync(string command, string? arguments = null, CancellationToken cancellationToken = default) =>
        ApiAsync(EslApiCall.Raw(command, arguments), cancellationToken);

    /// <summary>
    /// Runs a bgapi command over this session and waits for its BACKGROUND_JOB (needs full mode). With
    /// <c>myevents</c> on, FreeSWITCH passes a session only events carrying its Unique-ID, and a
    /// BACKGROUND_JOB has none: only builds that stamp <c>Job-Owner-UUID</c> on it deliver it here. Prefer
    /// <see cref="ApiAsync(EslApiCall, CancellationToken)"/> on a session, or bgapi on an inbound client.
    /// </summary>
    /// <exception cref="EslModeException">The socket is not in full mode.</exception>
    /// <exception cref="EslCommandTimeoutException">No BACKGROUND_JOB within <see cref="EslOutboundServerOptions.BackgroundJobTimeout"/>.</exception>
    public async Task<EslBackgroundJob> BgApiAsync(EslApiCall call, CancellationToken cancellationToken = default)
    {
        var command = EslCommands.BgApi(call, Guid.NewGuid());
        RequireFull(command);
        if (!Volatile.Read(ref _jobsSubscribed))
        {
            // BACKGROUND_JOB is not among myevents; ask for it once.
            await Connection.SendCheckedAsync(EslCommands.Event(_options.EventFormat, EslEventName.BackgroundJob), "event", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _jobsSubscribed, true);
        }

        return await _jobs.RunAsync(Connection, command, this, _options.CommandTimeout, _options.BackgroundJobTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends any command over this session and returns the raw reply.</summary>
    public Task<EslMessage> SendAsync(IEslCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Connection.SendAsync(command, "command", _options.CommandTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => _channel is null ? $"outbound session from {RemoteEndPoint} (connecting)" : $"outbound session {_channel}";

    /// <summary>connect, then myevents and linger as configured.</summary>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        Connection.Start();
        _ = Connection.Completion.ContinueWith(t => OnClosed(t.Result), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var connect = EslCommands.Connect();
        var reply = await Connection.SendAsync(connect, "connect", _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        if (!reply.Headers.Any(h => h.Key == "Event-Name"))
        {
            throw new EslCommandFailedException("connect", reply.ReplyText ?? "no channel data");
        }

        _channel = new EslChannelData(reply);
        var setup = new List<(IEslCommand Command, string Operation)>();
        if (_options.SubscribeToChannelEvents)
        {
            // Plain is FreeSWITCH's default: send the bare command, as its own clients do.
            setup.Add((EslCommands.MyEvents(null, _options.EventFormat == EslEventFormat.Plain ? null : _options.EventFormat), "myevents"));
        }

        if (_options.Linger && _channel.IsFull)
        {
            setup.Add((EslCommands.Linger(), "linger"));
        }

        await Connection.SendAllCheckedAsync(setup, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the session: <c>exit</c> if the connection is still up, then close.</summary>
    internal async Task CloseAsync(TimeSpan timeout)
    {
        if (Connection.IsOpen)
        {
            try
            {
                await Connection.SendAsync(EslCommands.Exit(), "exit", timeout, CancellationToken.None).ConfigureAwait(false);
                await ((Task)Connection.Completion).WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (EslException)
            {
                // Already gone or not answering: close anyway.
            }
        }

        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    void IEslFrameHandler.OnFrame(in EslFrame frame)
    {
        switch (frame.ContentType)
        {
            case EslContentType.EventPlain or EslContentType.EventJson or EslContentType.EventXml:
                frame.TryGetEvent(out var view);
                OnEvent(ref view);
                break;
            case EslContentType.DisconnectNotice:
                EslLog.DisconnectNotice(_logger, Connection.Endpoint, frame.DisconnectDisposition.ToString());
                if (frame.DisconnectDisposition == EslDisconnectDisposition.Linger)
                {
                    // The channel is down. An application the hangup interrupted may still report its
                    // CHANNEL_EXECUTE_COMPLETE after this notice, so pending executes wait for
                    // CHANNEL_HANGUP_COMPLETE or the close.
                    OnHungUp();
                }

                break;
            default:
                EslLog.IgnoredFrame(_logger, Encoding.UTF8.GetString(frame.RawContentType), Connection.Endpoint);
                break;
        }
    }

    private void OnEvent(ref EslEventView view)
    {
        var name = view.Name;
        EslDiagnostics.CountEvent(name);

        if (name == EslEventName.BackgroundJob)
        {
            EslEvent? job = null;
            _jobs.TryComplete(ref view, ref job);
            return;
        }

        bool ours = _channel is null || (view.TryGetUniqueId(out var uuid) && uuid == _channel.UniqueId);
        EslEvent? materialised = null;
        try
        {
            if (ours && name == EslEventName.ChannelExecuteComplete && view.TryGetGuid(EslHeaderNames.ApplicationUuid, out var app)
                && _executions.TryRemove(app, out var execution))
            {
                execution.TrySetResult(materialised ??= view.ToEvent());
            }

            if (ours && name == EslEventName.ChannelHangup)
            {
                OnHungUp();
            }

            var waiters = Volatile.Read(ref _waiters);
            if (waiters.Length > 0)
            {
                materialised ??= view.ToEvent();
                foreach (var waiter in waiters)
                {
                    if (waiter.Result.Task.IsCompleted)
                    {
                        continue;
                    }

                    bool matched;
                    try
                    {
                        matched = waiter.Match(materialised);
                    }
                    catch (Exception ex)
                    {
                        // The caller's predicate failed: that wait fails, the connection carries on.
                        waiter.Result.TrySetException(ex);
                        continue;
                    }

                    if (matched)
                    {
                        waiter.Result.TrySetResult(materialised);
                    }
                }
            }

            if (ours && name == EslEventName.ChannelHangupComplete)
            {
                FailExecutions(new EslChannelHungUpException(_channel?.UniqueId ?? Guid.Empty, "the application did not complete"));
            }
        }
        catch (EslProtocolException ex)
        {
            EslLog.MalformedEvent(_logger, Connection.Endpoint, ex);
            return;
        }

        Span<byte> scratch = stackalloc byte[128];
        var subclass = EslEventRouter.Subclass(in view, name, scratch);

        _router.Dispatch(ref view, name, subclass, materialised);
    }

    private void OnHungUp()
    {
        if (Interlocked.Exchange(ref _hungUp, 1) == 0)
        {
            // Off the read loop: cancellation callbacks are the handler's code.
            CancelSafely(_hangup);
        }
    }

    private void OnClosed(Exception? reason)
    {
        bool wasHungUp = IsHungUp;
        OnHungUp();
        var lost = Lost(reason?.Message ?? "closed");
        FailExecutions(wasHungUp ? new EslChannelHungUpException(_channel?.UniqueId ?? Guid.Empty, "the application did not complete") : lost);
        _jobs.Fail(null, lost);
        EventWaiter[] waiters;
        lock (_executions)
        {
            waiters = _waiters;
            _waiters = [];
        }

        foreach (var waiter in waiters)
        {
            waiter.Result.TrySetException(lost);
        }

        _router.CompleteAll(null);
        CancelSafely(_closed);
    }

    // Cancels on the thread pool; a callback that throws is logged instead of taking the process down.
    private void CancelSafely(CancellationTokenSource source) =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                try
                {
                    state.Source.Cancel();
                }
                catch (AggregateException ex)
                {
                    EslLog.HandlerFailed(state.Logger, state.Endpoint, ex);
                }
            },
            (Source: source, Logger: _logger, Endpoint: Connection.Endpoint),
            preferLocal: false);

    private void FailExecutions(Exception error)
    {
        foreach (var uuid in _executions.Keys)
        {
            if (_executions.TryRemove(uuid, out var execution))
            {
                execution.TrySetException(error);
            }
        }
    }

    private void RemoveWaiter(EventWaiter waiter)
    {
        lock (_executions)
        {
            _waiters = _waiters.Where(w => w != waiter).ToArray();
        }
    }

    private Task<EslMessage> SendFullAsync(IEslCommand command, string operation, CancellationToken cancellationToken)
    {
        RequireFull(command);
        return Connection.SendCheckedAsync(command, operation, _options.CommandTimeout, cancellationToken);
    }

    private void RequireFull(IEslCommand command)
    {
        if (!Channel.IsFull)
        {
            throw new EslModeException(command.ToString()!);
        }
    }

    private EslConnectionLostException Lost(string why) => new($"The outbound session for channel {_channel?.UniqueId} ended: {why}");

    private sealed class EventWaiter(Func<EslEvent, bool> match)
    {
        public Func<EslEvent, bool> Match { get; } = match;

        public TaskCompletionSource<EslEvent> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
