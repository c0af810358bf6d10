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
/// <remarks>
/// The split into partial files follows the features: connection and events (this file), call control,
/// the hangup.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token sources have no timers, so nothing is leaked; they are cancelled from the thread pool, possibly after the session ended, so disposing them could race.")]
public sealed partial class EslOutboundSession : IEslFrameHandler
{
    private readonly EslOutboundServerOptions _options;
    private readonly ILogger _logger;
    private readonly EslEventRouter _router;
    private readonly EslBackgroundJobs _jobs;
    private readonly ConcurrentDictionary<Guid, Execution> _executions = new();
    private readonly CancellationTokenSource _hangup = new();
    private readonly CancellationTokenSource _closed = new();

    // Guards the waiters and the hangup record together, so a wait and the event it waits for cannot miss each other.
    private readonly Lock _waitGate = new();
    private EventWaiter[] _waiters = [];
    private EslChannelData? _channel;
    private int _hungUp;
    private bool _jobsSubscribed;
    private bool _playbackStopRequested;

    // The playback whose CHANNEL_EXECUTE arrived last and whose CHANNEL_EXECUTE_COMPLETE has not: its
    // PLAYBACK_STOP is the next one (read loop only).
    private Execution? _playing;

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
    /// To wait for the end of the call, use <see cref="WaitForHangupAsync"/>.
    /// </summary>
    public CancellationToken HangupToken => _hangup.Token;

    /// <summary>Cancelled when the connection to FreeSWITCH has ended.</summary>
    public CancellationToken ClosedToken => _closed.Token;

    /// <summary>True once the channel has hung up (or the connection ended).</summary>
    public bool IsHungUp => Volatile.Read(ref _hungUp) != 0;

    /// <summary>Completes when the connection has ended, with why (null when EslKit closed it).</summary>
    public Task<Exception?> Completion => Connection.Completion;

    internal EslConnection Connection { get; }

    /// <summary>
    /// Opens a local stream of this session's events (from now on) matching <paramref name="selector"/>. It
    /// asks FreeSWITCH for nothing: it sees what <c>myevents</c> and <see cref="RequestEventsAsync"/> bring
    /// (or use <see cref="SubscribeAsync"/>, which does both). Open it before triggering what you wait for.
    /// </summary>
    public EslSubscription<EslEvent> OpenEventStream(EslEventSelector? selector = null, EslSubscriptionOptions? options = null) =>
        _router.Add(selector ?? EslEventSelector.All, options ?? _options.Subscription);

    /// <summary>
    /// Asks FreeSWITCH for more of this channel's events (<c>event &lt;format&gt; …</c>; needs full mode): those
    /// <c>myevents</c> does not deliver, such as PLAYBACK_START/STOP, RECORD_START/STOP or CUSTOM subclasses
    /// (<c>mod_audio_stream::play</c>). With <c>myevents</c> on, FreeSWITCH still passes only this channel's events.
    /// </summary>
    /// <exception cref="EslModeException">The socket is not in full mode.</exception>
    /// <exception cref="EslValueRejectedException">An unknown event name, or a subclass that is not a word.</exception>
    public async Task RequestEventsAsync(IEnumerable<EslEventName> names, IEnumerable<string>? customSubclasses = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        EslEventName[] nameList = [.. names];
        var command = EslCommands.Event(_options.EventFormat, [.. nameList], [.. customSubclasses ?? []]);
        await SendFullAsync(command, "event", cancellationToken).ConfigureAwait(false);
        if (nameList.Contains(EslEventName.PlaybackStop) || nameList.Contains(EslEventName.All))
        {
            Volatile.Write(ref _playbackStopRequested, true);
        }
    }

    /// <summary>
    /// Asks FreeSWITCH for the selector's events (<see cref="RequestEventsAsync"/>: its names and CUSTOM
    /// subclasses; needs full mode) and returns a local stream of exactly those events of this session, opened
    /// before the request so nothing between the two is missed. Disposing the stream asks FreeSWITCH to stop
    /// nothing: the events may serve <c>myevents</c>, other streams and the session itself, and they end with
    /// the call.
    /// </summary>
    /// <exception cref="ArgumentException">The selector names no event and no subclass.</exception>
    /// <exception cref="EslModeException">The socket is not in full mode (open a stream with <see cref="OpenEventStream"/> instead).</exception>
    public async Task<EslSubscription<EslEvent>> SubscribeAsync(EslEventSelector selector, EslSubscriptionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (selector.Names.Count == 0 && selector.Subclasses.Count == 0)
        {
            throw new ArgumentException("Name the events to ask FreeSWITCH for (EslEventName.All for every one).", nameof(selector));
        }

        var stream = OpenEventStream(selector, options);
        try
        {
            await RequestEventsAsync(selector.Names, selector.Subclasses, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return stream;
    }

    /// <summary>Reads this session's events until the connection ends or <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<EslEvent> ReadEventsAsync(EslEventSelector? selector = null, CancellationToken cancellationToken = default) =>
        OpenEventStream(selector).ReadAllThenDisposeAsync(cancellationToken);

    /// <summary>
    /// Waits for the next event of this session that matches (the predicate runs on the read loop: keep it
    /// quick). Only events that arrive after the call count: start waiting <em>before</em> triggering the event,
    /// and await it afterwards:
    /// <code>
    /// var digit = session.WaitForEventAsync(e =&gt; e.Name == EslEventName.Dtmf, ct);   // 1. start waiting
    /// await session.PlaybackAsync("ivr/press-one.wav", ct);                         // 2. trigger
    /// var pressed = await digit;                                                    // 3. await
    /// </code>
    /// For a stream of events, open it before triggering (<see cref="OpenEventStream"/>); for the end of the
    /// call, use <see cref="WaitForHangupAsync"/>, which cannot miss it.
    /// </summary>
    /// <exception cref="EslConnectionLostException">The connection ended first.</exception>
    public Task<EslEvent> WaitForEventAsync(Func<EslEvent, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        return WaitCoreAsync(match, replay: null, cancellationToken);
    }

    /// <summary>
    /// Waits for the next event of a type (e.g. <see cref="EslEventName.Dtmf"/>); start waiting before
    /// triggering it (see <see cref="WaitForEventAsync(Func{EslEvent, bool}, CancellationToken)"/>).
    /// CHANNEL_HANGUP and CHANNEL_HANGUP_COMPLETE come once per call, so a wait for one of them that starts
    /// after it arrived completes at once with it.
    /// </summary>
    /// <exception cref="EslConnectionLostException">The connection ended first.</exception>
    public Task<EslEvent> WaitForEventAsync(EslEventName name, CancellationToken cancellationToken = default) =>
        WaitCoreAsync(e => e.Name == name, name is EslEventName.ChannelHangup or EslEventName.ChannelHangupComplete ? name : null, cancellationToken);

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
        return new EslExecuteResult(uuid, await completion.WaitPreferringResultAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Sends the execute and returns once FreeSWITCH accepted it, with the Application-UUID and a task
    /// that completes on its CHANNEL_EXECUTE_COMPLETE. With <c>Async</c> set, the message is queued even
    /// on a static socket. The Event-UUID of <paramref name="options"/> is always EslKit's own.
    /// </summary>
    public async Task<(Guid ApplicationUuid, Task<EslEvent> Completion)> StartExecuteAsync(string application, string? argument, EslExecuteOptions options, CancellationToken cancellationToken = default)
    {
        var (uuid, execution) = await StartExecutionAsync(application, argument, options, tracksPlayback: false, cancellationToken).ConfigureAwait(false);
        return (uuid, execution.Task);
    }

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
                    RecordHangup(null, complete: false);
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
            if (ours)
            {
                TrackChannel(ref view, name, ref materialised);
            }

            var waiters = Volatile.Read(ref _waiters);
            if (waiters.Length > 0)
            {
                materialised ??= view.ToEvent();
                foreach (var waiter in waiters)
                {
                    waiter.Offer(materialised);
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

    // What the session follows itself on its channel's events: executions, the playback they run, the hangup.
    private void TrackChannel(ref EslEventView view, EslEventName name, ref EslEvent? materialised)
    {
        switch (name)
        {
            case EslEventName.ChannelExecute:
                if (view.TryGetGuid(EslHeaderNames.ApplicationUuid, out var started) && _executions.TryGetValue(started, out var running) && running.TracksPlayback)
                {
                    _playing = running;
                }

                break;
            case EslEventName.PlaybackStop:
                if (_playing is { } playing)
                {
                    playing.PlaybackStop = materialised ??= view.ToEvent();
                }

                break;
            case EslEventName.ChannelExecuteComplete:
                if (view.TryGetGuid(EslHeaderNames.ApplicationUuid, out var app) && _executions.TryRemove(app, out var execution))
                {
                    if (ReferenceEquals(_playing, execution))
                    {
                        _playing = null;
                    }

                    execution.TrySetResult(materialised ??= view.ToEvent());
                }

                break;
            case EslEventName.ChannelHangup:
                RecordHangup(materialised ??= view.ToEvent(), complete: false);
                OnHungUp();
                break;
            case EslEventName.ChannelHangupComplete:
                RecordHangup(materialised ??= view.ToEvent(), complete: true);
                OnHungUp();
                break;
        }
    }

    private async Task<(Guid Uuid, Execution Execution)> StartExecutionAsync(string application, string? argument, EslExecuteOptions options, bool tracksPlayback, CancellationToken cancellationToken)
    {
        if (IsHungUp)
        {
            throw new EslChannelHungUpException(UniqueId, $"cannot execute {application}");
        }

        var uuid = Guid.NewGuid();
        var command = EslCommands.SendMsgExecute(null, application, argument, options with { EventUuid = uuid });
        var execution = new Execution(tracksPlayback);
        _executions[uuid] = execution;
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

        return (uuid, execution);
    }

    private Task<EslEvent> WaitCoreAsync(Func<EslEvent, bool> match, EslEventName? replay, CancellationToken cancellationToken)
    {
        var waiter = new EventWaiter(match);
        EslEvent? arrived;
        lock (_waitGate)
        {
            _waiters = [.. _waiters, waiter];
            arrived = replay switch
            {
                EslEventName.ChannelHangup => _hangupEvent,
                EslEventName.ChannelHangupComplete => _hangupCompleteEvent,
                _ => null,
            };
        }

        if (arrived is not null)
        {
            waiter.Result.TrySetResult(arrived);
        }
        else if (!Connection.IsOpen)
        {
            waiter.Result.TrySetException(Lost("the connection has ended"));
        }

        var registration = cancellationToken.Register(() => waiter.Result.TrySetCanceled(cancellationToken));
        _ = waiter.Result.Task.ContinueWith(
            _ =>
            {
                registration.Dispose();
                RemoveWaiter(waiter); // a completed or cancelled wait must not stay in the list
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return waiter.Result.Task;
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
        RecordClose();
        OnHungUp();
        var lost = Lost(reason?.Message ?? "closed");
        FailExecutions(wasHungUp ? new EslChannelHungUpException(_channel?.UniqueId ?? Guid.Empty, "the application did not complete") : lost);
        _jobs.Fail(null, lost);
        EventWaiter[] waiters;
        lock (_waitGate)
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
        lock (_waitGate)
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

    /// <summary>An application in flight: completed by its CHANNEL_EXECUTE_COMPLETE; a playback also keeps its PLAYBACK_STOP.</summary>
    private sealed class Execution(bool tracksPlayback) : TaskCompletionSource<EslEvent>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public bool TracksPlayback { get; } = tracksPlayback;

        // Written on the read loop before the execution completes, read after: the completion publishes it.
        public EslEvent? PlaybackStop { get; set; }
    }

    private sealed class EventWaiter(Func<EslEvent, bool> match)
    {
        public TaskCompletionSource<EslEvent> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Offer(EslEvent candidate)
        {
            if (Result.Task.IsCompleted)
            {
                return;
            }

            bool matched;
            try
            {
                matched = match(candidate);
            }
            catch (Exception ex)
            {
                // The caller's predicate failed: that wait fails, the connection carries on.
                Result.TrySetException(ex);
                return;
            }

            if (matched)
            {
                Result.TrySetResult(candidate);
            }
        }
    }
}
