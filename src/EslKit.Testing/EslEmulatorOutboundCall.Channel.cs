using System.Globalization;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>The channel side: the socket application, its park loop, queued messages and the hangup.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The cancellation source has no timer; it is cancelled from other threads possibly after the call ended, so it is never disposed.")]
public sealed partial class EslEmulatorOutboundCall
{
    private readonly object _fireLock = new();
    private readonly Queue<EslReceivedCommand> _queue = new();
    private readonly HashSet<Task> _inflight = [];
    private readonly CancellationTokenSource _channelToken; // cancelled at hangup (and when the emulator stops)
    private readonly List<(string App, string? Argument)> _appLog = [];
    private readonly System.Text.StringBuilder _digits = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stateNumber;
    private long _answeredAt;
    private long _progressAt;
    private long _progressMediaAt;
    private long _createdAt;
    private long _hungupAt;
    private string? _hangupCause;
    private volatile bool _hangupStarted;
    private volatile bool _connectionEnded;
    private volatile bool _locked;
    private bool _resumed;
    private bool _parked;
    private bool _leftSocketApplication;
    private int _signalledDown;

    /// <summary>The channel's thread: wait for connect, park (async), run queued messages, then the hangup.</summary>
    internal void Start()
    {
        _appLog.Add(("socket", SocketArguments));
        var run = Task.Run(RunChannelAsync);
        _emulator.TrackJob(run);
        if (IsAnswered)
        {
            ScheduleCallerHangup();
        }
    }

    /// <summary>A caller whose script ends in a hangup hangs up when its audio is over (on the emulator's clock, from the answer).</summary>
    private void ScheduleCallerHangup()
    {
        if (_emulator.AudioStreams.ResolveCaller(Channel) is not { End: EslCallerScriptEnd.HangUp } script)
        {
            return;
        }

        long end = Channel.Media.AnsweredAt + (long)script.Duration.TotalMicroseconds;
        _emulator.TrackJob(Task.Run(async () =>
        {
            try
            {
                await DelayAsync(TimeSpan.FromTicks(Math.Max(0, end - Now()) * 10), _channelToken.Token).ConfigureAwait(false);
                Hangup("NORMAL_CLEARING");
            }
            catch (OperationCanceledException)
            {
                // the call ended first
            }
        }));
    }

    /// <summary>responseHandler's event (CUSTOM with a subclass and a body) about this channel, in order with its own.</summary>
    internal void FireCustom(string subclass, string body, string callingFile, string callingFunction, int callingLine)
    {
        lock (_fireLock)
        {
            var ev = _emulator.CreateEvent("CUSTOM", subclass, callingFile, callingFunction, callingLine);
            AppendChannelData(ev, extended: true);
            Fire(ev.SetBody(body));
        }
    }

    /// <summary>The connect reply: the channel data as a bare serialised CHANNEL_DATA event.</summary>
    internal byte[] Connect(bool async, bool full)
    {
        byte[] reply;
        lock (_fireLock)
        {
            var ev = _emulator.CreateEvent("CHANNEL_DATA", null, _layout.ConnectCallingFile, _layout.ConnectCallingFunction, _options.ConnectCallingLine);
            AppendProfile(ev, "Channel-");
            AppendChannelData(ev, extended: true);
            ev.AddHeader("Content-Type", "command/reply")
                .AddHeader("Reply-Text", "+OK\n")
                .AddHeader("Socket-Mode", async ? "async" : "static")
                .AddHeader("Control", full ? "full" : "single-channel");
            reply = ev.Serialize(EslEventFormat.Plain);
            if (async && _options.ParkDelay == TimeSpan.Zero && !_hangupStarted)
            {
                // Parked at once (the socket application parks as soon as the listener runs): CHANNEL_PARK is out before
                // the connect reply, so no subscription the client makes afterwards sees it.
                _parked = true;
                Fire(BuildEvent("CHANNEL_PARK", null, null));
            }
        }

        _connected.TrySetResult();
        Signal();
        return reply;
    }

    /// <summary><c>resume</c>: when the socket ends, the channel goes back to the dialplan.</summary>
    internal void OnResume()
    {
        Volatile.Write(ref _resumed, true);
        Channel.SetVariable("socket_resume", "true");
    }

    /// <summary>A <c>sendmsg</c> for this channel, queued on its private queue (async socket, <c>async: true</c>, or from another connection).</summary>
    /// <param name="message">The message.</param>
    /// <param name="wake">False when the caller wakes the channel itself (<see cref="Wake"/>), once its reply is written.</param>
    internal void QueueMessage(EslReceivedCommand message, bool wake = true)
    {
        Channel.AddMessage(message);
        lock (_gate)
        {
            if (_hangupStarted)
            {
                return;
            }

            _queue.Enqueue(message);
        }

        if (wake)
        {
            Signal();
        }
    }

    /// <summary>Wakes the channel's loop to run what was queued with <c>wake: false</c>.</summary>
    internal void Wake() => Signal();

    /// <summary>A <c>sendmsg</c> on a static socket: run on the socket's thread before the reply is sent.</summary>
    internal Task ExecuteInlineAsync(EslReceivedCommand message)
    {
        Channel.AddMessage(message);
        return ProcessMessageAsync(message, queued: false);
    }

    /// <summary>The socket has closed (whatever the reason).</summary>
    internal void OnConnectionEnded()
    {
        _connectionEnded = true;
        Signal();
    }

    /// <summary>Hangs the channel up: CHANNEL_HANGUP now; the channel thread does the rest.</summary>
    internal void Hangup(string cause, Action<EslEmulatorOutboundCall>? before = null, Action<EslEmulatorOutboundCall>? after = null)
    {
        lock (_fireLock)
        {
            if (_hangupStarted)
            {
                return;
            }

            _hangupStarted = true;
            before?.Invoke(this); // what the endpoint set as it saw the hangup (a BYE's Reason …)
            Volatile.Write(ref _hangupCause, FsCauses.Normalize(cause));
            _stateNumber = 10; // CS_HANGUP, while the running state is still CS_EXECUTE
            Channel.AnswerState = "hangup";
            Channel.IsUp = false;
            Fire(BuildEvent("CHANNEL_HANGUP", null, null));
            after?.Invoke(this); // and right after, before the channel's thread moves on
        }

        _emulator.ForgetChannel(Channel);
        _hungUp.TrySetResult();
        if (_options.LingerNotice == EslLingerNoticePlacement.AfterHangup && _connection is { IsLingering: true } && !_connectionEnded)
        {
            // The socket's own thread notices the hangup while the channel's is still finishing its application.
            SignalDown();
        }

        _channelToken.Cancel();
        Signal();
    }

    internal async ValueTask AnswerCoreAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_fireLock)
        {
            if (_hangupStarted || Volatile.Read(ref _answeredAt) != 0)
            {
                return;
            }

            Volatile.Write(ref _answeredAt, Now());
            Channel.Media.MarkAnswered(_answeredAt);
            Channel.AnswerState = "answered";
            Fire(BuildEvent("CHANNEL_ANSWER", null, null));
            SetCallState("ACTIVE");
        }

        ScheduleCallerHangup();
        await Task.CompletedTask.ConfigureAwait(false);
    }

    internal async Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        if (duration == Timeout.InfiniteTimeSpan)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (duration <= TimeSpan.Zero)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return;
        }

        // A timer of the emulator's clock with the exact due time (Task.Delay would round it to milliseconds).
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = _emulator.Options.TimeProvider.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), done, duration, Timeout.InfiniteTimeSpan);
        using var registration = cancellationToken.Register(static s => ((TaskCompletionSource)s!).TrySetCanceled(), done);
        await done.Task.ConfigureAwait(false);
    }

    private static bool SwitchTrue(string? value) =>
        value is not null && (value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("on", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("t", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("enabled", StringComparison.OrdinalIgnoreCase) || value.Equals("enable", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("active", StringComparison.OrdinalIgnoreCase) || value.Equals("allow", StringComparison.OrdinalIgnoreCase) ||
            (value.Length > 0 && char.IsAsciiDigit(value[0]) && FsPacketParser.Atoi(value) != 0));

    private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private long Now() => FsText.Microseconds(_emulator.Options.TimeProvider.GetUtcNow());

    private void Signal()
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            signal = _signal;
        }

        signal.TrySetResult();
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked under the gate), or <paramref name="delay"/> passed.</summary>
    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan? delay)
    {
        Task? timer = delay is { } d && d >= TimeSpan.Zero
            ? Task.Delay(d, _emulator.Options.TimeProvider, _emulator.Lifetime)
            : null;
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (condition())
                {
                    return;
                }

                if (_signal.Task.IsCompleted)
                {
                    _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                signal = _signal.Task;
            }

            if (timer is not null)
            {
                if (await Task.WhenAny(signal, timer).ConfigureAwait(false) == timer)
                {
                    return; // the delay passed, or the emulator stopped
                }

                continue;
            }

            try
            {
                await signal.WaitAsync(_emulator.Lifetime).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // the emulator stopped
            }
        }
    }

    private async Task RunChannelAsync()
    {
        try
        {
            // The socket application waits for connect (or for the end of the channel or the socket).
            await WaitUntilAsync(() => IsConnected || _hangupStarted || _connectionEnded, null).ConfigureAwait(false);
            if (IsConnected && IsAsync && !Volatile.Read(ref _parked) && !_hangupStarted && !_connectionEnded)
            {
                // switch_ivr_park, once connected: after a moment, or when the first message needs the channel.
                await WaitUntilAsync(() => _queue.Count > 0 || _hangupStarted || _connectionEnded, _options.ParkDelay ?? Timeout.InfiniteTimeSpan).ConfigureAwait(false);
                lock (_fireLock)
                {
                    if (!_hangupStarted && !_emulator.Lifetime.IsCancellationRequested)
                    {
                        _parked = true;
                        Fire(BuildEvent("CHANNEL_PARK", null, null));
                    }
                }
            }

            while (!_emulator.Lifetime.IsCancellationRequested)
            {
                EslReceivedCommand? message = null;
                lock (_gate)
                {
                    if (_hangupStarted || _connectionEnded)
                    {
                        break;
                    }

                    if (!_locked && _queue.Count > 0)
                    {
                        message = _queue.Dequeue();
                    }
                }

                if (message is null)
                {
                    await WaitUntilAsync(() => _hangupStarted || _connectionEnded || (!_locked && _queue.Count > 0), null).ConfigureAwait(false);
                    continue;
                }

                // Without event-lock a running application lets the next message through (FreeSWITCH runs it
                // nested, from inside the application's media loop); with it, later messages wait.
                var processing = ProcessMessageAsync(message, queued: true);
                if (Is(message["call-command"], "execute") && SwitchTrue(message["event-lock"]))
                {
                    _locked = true;
                    try
                    {
                        await processing.ConfigureAwait(false);
                    }
                    finally
                    {
                        _locked = false;
                    }
                }
            }

            if (!_emulator.Lifetime.IsCancellationRequested)
            {
                await EndChannelAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _emulator.ForgetCall(this);
            _finished.TrySetResult();
            _emulator.NotifyChanged();
        }
    }

    private Task ProcessMessageAsync(EslReceivedCommand message, bool queued)
    {
        var task = ProcessMessageCoreAsync(message, queued);
        lock (_inflight)
        {
            if (!task.IsCompleted)
            {
                _inflight.Add(task);
                _ = task.ContinueWith(
                    t =>
                    {
                        lock (_inflight)
                        {
                            _inflight.Remove(t);
                        }

                        Signal();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }

        return task;
    }

    /// <summary>switch_ivr_parse_event (and, for a queued message, re-firing it as PRIVATE_COMMAND).</summary>
    private async Task ProcessMessageCoreAsync(EslReceivedCommand message, bool queued)
    {
        try
        {
            if (_options.OnMessage is { } hook)
            {
                await hook(this, message, _channelToken.Token).ConfigureAwait(false);
            }

            string? command = message["call-command"];
            if (Is(command, "execute"))
            {
                await ExecuteMessageAsync(message).ConfigureAwait(false);
            }
            else if (Is(command, "hangup"))
            {
                Hangup(message["hangup-cause"] ?? "NORMAL_CLEARING");
            }

            // nomedia, unicast, xferext and anything else: accepted; the emulator has no media to change.
        }
        catch (OperationCanceledException) when (_hangupStarted || _emulator.Lifetime.IsCancellationRequested)
        {
            // the channel went away while the message ran
        }
        catch (Exception ex)
        {
            _emulator.RecordHandlerError(ex);
        }

        if (queued)
        {
            lock (_fireLock)
            {
                Fire(BuildPrivateCommand(message));
            }
        }
    }

    private async Task ExecuteMessageAsync(EslReceivedCommand message)
    {
        string? name = message["execute-app-name"];
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        string? argument = message["execute-app-arg"];
        if (string.IsNullOrEmpty(argument) && Is(message["content-type"], "text/plain") && message.HasBody)
        {
            argument = FsEvent.CString(message.BodyText);
        }

        int loops = message["loops"] is { } text ? FsPacketParser.Atoi(text) : 1;
        bool eventLock = SwitchTrue(message["event-lock"]);
        string? eventUuid = message["event-uuid"];
        for (int x = 0; x < loops || loops < 0; x++)
        {
            if (_hangupStarted)
            {
                break;
            }

            long before = Now();
            Channel.SetVariable("current_loop", (x + 1).ToString(CultureInfo.InvariantCulture));
            Channel.SetVariable("total_loops", loops.ToString(CultureInfo.InvariantCulture));
            if (!await ExecuteApplicationAsync(name, argument, eventUuid ?? _emulator.NewUuid(), eventLock, message).ConfigureAwait(false))
            {
                break;
            }

            if (loops != 1 && Now() - before < 500_000)
            {
                break; // FreeSWITCH stops looping an application that returned within half a second
            }
        }

        // The loop counters only live while the message runs.
        Channel.SetVariable("current_loop", string.Empty);
        Channel.SetVariable("total_loops", string.Empty);
    }

    /// <summary>switch_core_session_execute_application + switch_core_session_exec.</summary>
    private async Task<bool> ExecuteApplicationAsync(string name, string? argument, string applicationUuid, bool eventLock, EslReceivedCommand? message)
    {
        var handler = ResolveApplication(name);
        if (handler is null)
        {
            // "Invalid Application": FreeSWITCH hangs the channel up.
            Hangup("DESTINATION_OUT_OF_ORDER");
            return false;
        }

        var run = new EslEmulatorApplicationRun(name, argument, applicationUuid, eventLock, message);
        lock (_fireLock)
        {
            if (_hangupStarted)
            {
                return false;
            }

            Channel.SetVariable("current_application", name);
            Channel.SetVariable("current_application_data", argument ?? string.Empty);
            Channel.SetVariable("current_application_response", string.Empty);
            _appLog.Add((name, argument));
            var execute = BuildEvent("CHANNEL_EXECUTE", null, null);
            execute.AddHeader("Application", name).AddHeader("Application-Data", argument ?? string.Empty).AddHeader("Application-UUID", applicationUuid);
            Fire(execute);
            Channel.SetVariable("current_application", name);
        }

        lock (_runs)
        {
            _runs.Add(run);
        }

        ClearBreak();
        _emulator.NotifyChanged();

        string? response = null;
        try
        {
            response = await handler(new EslEmulatorApplicationContext(this, name, argument, applicationUuid, eventLock, message), _channelToken.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_channelToken.IsCancellationRequested)
        {
            // hung up while it ran: it ends now
        }
        catch (Exception ex)
        {
            _emulator.RecordHandlerError(ex);
        }

        lock (_fireLock)
        {
            if (response is not null)
            {
                Channel.SetVariable("current_application_response", response);
            }

            string reported = Channel.GetVariable("current_application_response") ?? "_none_";
            var complete = BuildEvent("CHANNEL_EXECUTE_COMPLETE", null, null);
            complete.AddHeader("Application", name)
                .AddHeader("Application-Data", argument ?? string.Empty)
                .AddHeader("Application-Response", reported)
                .AddHeader("Application-UUID", applicationUuid);
            Fire(complete);
            run.Response = reported;
            run.IsComplete = true;
        }

        _emulator.NotifyChanged();
        return true;
    }

    /// <summary>What runs when the channel is hung up (by anyone) or the socket ended with the channel up.</summary>
    private async Task EndChannelAsync()
    {
        if (!_hangupStarted)
        {
            if (Volatile.Read(ref _resumed))
            {
                // Back to the dialplan: the socket application ends; the channel stays up until hung up.
                await WaitInflightAsync().ConfigureAwait(false);
                lock (_fireLock)
                {
                    LeaveSocketApplication();
                }

                await WaitUntilAsync(() => _hangupStarted, null).ConfigureAwait(false);
                if (!_hangupStarted)
                {
                    return; // the emulator stopped
                }
            }
            else
            {
                Hangup(_options.HangupCauseOnSocketClose);
            }
        }

        var connection = _connection;
        bool socketOpen = connection is not null && !_connectionEnded;
        bool linger = socketOpen && connection!.IsLingering;

        // Without linger the listener ends at its next look (queued events still go out first); a static socket
        // runs on the channel's own thread, so the rest of the hangup can only happen once it has closed.
        bool deferred = !linger || !IsAsync;
        if (socketOpen && linger && _options.LingerNotice == EslLingerNoticePlacement.AfterHangup)
        {
            SignalDown();
            await connection!.DownHandled.ConfigureAwait(false); // the notice is out before anything else
        }

        await WaitInflightAsync().ConfigureAwait(false);
        if (socketOpen && deferred)
        {
            SignalDown();
            await connection!.Completion.ConfigureAwait(false);
        }

        lock (_fireLock)
        {
            LeaveSocketApplication();
            Channel.State = "CS_HANGUP";
            Fire(BuildEvent("CHANNEL_STATE", null, null));
        }

        if (socketOpen && linger && !deferred && _options.LingerNotice == EslLingerNoticePlacement.AfterHangupState)
        {
            SignalDown();
            await connection!.DownHandled.ConfigureAwait(false); // the listener looked while the channel was in CS_HANGUP
        }

        lock (_fireLock)
        {
            string cause = _hangupCause ?? "NORMAL_CLEARING";
            Channel.SetVariable("hangup_cause", cause);
            Channel.SetVariable("hangup_cause_q850", FsCauses.Q850(cause));
            SetCallState("HANGUP");
            _hungupAt = Now();
            Channel.State = "CS_REPORTING";
            _stateNumber = 11;
            Fire(BuildEvent("CHANNEL_STATE", null, null));
            SetTimestampVariables();
            foreach (var (name, value) in _options.HangupVariables)
            {
                Channel.SetVariable(name, value);
            }

            Fire(BuildEvent("CHANNEL_HANGUP_COMPLETE", null, ev => ev.AddHeader("Hangup-Cause", cause)));
        }

        if (socketOpen)
        {
            SignalDown();
            if (_options.CloseWhenReported && linger)
            {
                // The session is done: the listener lets go and closes the socket, no notice (call-socket-session).
                await connection!.EndSessionAsync().ConfigureAwait(false);
            }

            await connection!.Completion.ConfigureAwait(false);
        }

        lock (_fireLock)
        {
            _stateNumber = 12; // CS_DESTROY, once the socket let go of the session
            Fire(BuildEvent("CHANNEL_DESTROY", null, null));
        }
    }

    private async Task WaitInflightAsync()
    {
        while (true)
        {
            Task[] running;
            lock (_inflight)
            {
                running = [.. _inflight];
            }

            if (running.Length == 0)
            {
                return;
            }

            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void SignalDown()
    {
        if (Interlocked.Exchange(ref _signalledDown, 1) != 0)
        {
            return;
        }

        _emulator.NotifyChannelDown(Channel);
    }

    /// <summary>The socket application returns: CHANNEL_UNPARK (async) and its CHANNEL_EXECUTE_COMPLETE. Under the fire lock.</summary>
    private void LeaveSocketApplication()
    {
        if (_leftSocketApplication)
        {
            return;
        }

        _leftSocketApplication = true;
        if (_parked)
        {
            Fire(BuildEvent("CHANNEL_UNPARK", null, null));
        }

        var complete = BuildEvent("CHANNEL_EXECUTE_COMPLETE", null, null);
        complete.AddHeader("Application", "socket")
            .AddHeader("Application-Data", SocketArguments)
            .AddHeader("Application-Response", Channel.GetVariable("current_application_response") ?? "_none_")
            .AddHeader("Application-UUID", SocketApplicationUuid.ToString("D"));
        Fire(complete);
    }

    /// <summary>switch_channel_perform_set_callstate: CHANNEL_CALLSTATE with the old state. Under the fire lock.</summary>
    private void SetCallState(string state)
    {
        string old = Channel.CallState;
        if (old == state)
        {
            return;
        }

        Channel.CallState = state;
        Fire(BuildEvent("CHANNEL_CALLSTATE", null, ev => ev
            .AddHeader("Original-Channel-Call-State", old)
            .AddHeader("Channel-Call-State-Number", CallStateNumber(state).ToString(CultureInfo.InvariantCulture))));
    }

    private static int CallStateNumber(string state) => state switch
    {
        "DOWN" => 0,
        "DIALING" => 1,
        "RINGING" => 2,
        "EARLY" => 3,
        "ACTIVE" => 4,
        "HELD" => 5,
        "RING_WAIT" => 6,
        "HANGUP" => 7,
        "UNHELD" => 8,
        _ => 0,
    };

    /// <summary>switch_channel_set_timestamps: the CDR variables of CHANNEL_HANGUP_COMPLETE. Under the fire lock.</summary>
    private void SetTimestampVariables()
    {
        var zone = _emulator.Options.TimeProvider.LocalTimeZone;
        long created = _createdAt;
        long profileCreated = _layout.ProfileNumber("Profile-Created-Time") is long p and not 0 ? p : created;
        long answered = Volatile.Read(ref _answeredAt);
        long bridged = _layout.ProfileNumber("Channel-Bridged-Time");
        long lastHold = _layout.ProfileNumber("Channel-Last-Hold");
        long holdAccum = _layout.ProfileNumber("Channel-Hold-Accum");
        long resurrected = _layout.ProfileNumber("Channel-Resurrect-Time");
        long progress = _progressAt;
        long progressMedia = _progressMediaAt;
        long hungup = _hungupAt;

        Set("digits_dialed", _digits.Length > 0 ? _digits.ToString() : "none");
        Stamp("start_stamp", created);
        Stamp("profile_start_stamp", profileCreated);
        Stamp("answer_stamp", answered);
        Stamp("bridge_stamp", bridged);
        Stamp("hold_stamp", lastHold);
        Stamp("resurrect_stamp", resurrected);
        Stamp("progress_stamp", progress);
        Stamp("progress_media_stamp", progressMedia);
        Stamp("end_stamp", hungup);
        Epochs("start", created);
        Epochs("profile_start", profileCreated);
        Epochs("answer", answered);
        Epochs("bridge", bridged);
        Epochs("last_hold", lastHold);
        Set("hold_accum_seconds", (holdAccum / 1_000_000).ToString(CultureInfo.InvariantCulture));
        Set("hold_accum_usec", holdAccum.ToString(CultureInfo.InvariantCulture));
        Set("hold_accum_ms", (holdAccum / 1000).ToString(CultureInfo.InvariantCulture));
        Epochs("resurrect", resurrected);
        Epochs("progress", progress);
        Epochs("progress_media", progressMedia);
        Epochs("end", hungup);
        if (_appLog.Count > 0)
        {
            var (app, argument) = _appLog[^1];
            Set("last_app", app);
            if (argument is not null)
            {
                Set("last_arg", argument);
            }
        }

        Set("caller_id", Channel.CallerIdName.Length > 0 ? $"\"{Channel.CallerIdName}\" <{Channel.CallerIdNumber}>" : Channel.CallerIdNumber);

        // Whole seconds and milliseconds are differences of truncated times, as FreeSWITCH computes them.
        foreach (var (unit, divisor) in new[] { ("sec", 1_000_000L), ("msec", 1000L), ("usec", 1L) })
        {
            string duration = unit switch { "sec" => "duration", "msec" => "mduration", _ => "uduration" };
            Set(duration, Between(created, hungup, divisor));
            Set("bill" + unit, answered != 0 ? Between(answered, hungup, divisor) : "0");
            Set("progress" + unit, progress != 0 ? Between(created, progress, divisor) : "0");
            Set("answer" + unit, answered != 0 ? Between(created, answered, divisor) : "0");
            Set("wait" + unit, bridged != 0 ? Between(created, bridged, divisor) : "0");
            Set("progress_media" + unit, progressMedia != 0 ? Between(created, progressMedia, divisor) : "0");
            Set("flow_bill" + unit, Between(created, hungup, divisor));
        }

        void Set(string name, string value) => Channel.SetVariable(name, value);

        void Stamp(string name, long time)
        {
            if (time != 0)
            {
                Set(name, FsText.DateLocal(DateTimeOffset.UnixEpoch.AddTicks(time * 10), zone));
            }
        }

        void Epochs(string name, long time)
        {
            Set(name + "_epoch", (time / 1_000_000).ToString(CultureInfo.InvariantCulture));
            Set(name + "_uepoch", time.ToString(CultureInfo.InvariantCulture));
        }

        static string Between(long from, long to, long divisor) => ((to / divisor) - (from / divisor)).ToString(CultureInfo.InvariantCulture);
    }

    private void FireDtmf(char digit, long samples)
    {
        lock (_fireLock)
        {
            if (_hangupStarted)
            {
                return;
            }

            _digits.Append(digit);
            var ev = BuildEvent("DTMF", null, null)
                .AddHeader("DTMF-Digit", digit.ToString())
                .AddHeader("DTMF-Duration", samples.ToString(CultureInfo.InvariantCulture))
                .AddHeader("DTMF-Source", "RTP");
            if (_connection is { IsDiverting: true } connection)
            {
                // CF_DIVERT_EVENTS: queued to the session, which the socket moves straight into its queue.
                connection.DeliverDiverted(ev.GetDelivery());
            }
            else
            {
                Fire(ev);
            }
        }
    }
}
