using System.Globalization;
using System.Net;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>
/// A call the emulator handed to an outbound socket server, the way FreeSWITCH's <c>socket</c> application does:
/// it connected to your server, waits for <c>connect</c>, answers with the channel data, and then behaves as the
/// channel would — <c>myevents</c>, <c>linger</c>, <c>sendmsg</c> execute/hangup with their events,
/// <c>getvar</c>, <c>resume</c> … — while your test drives the far end (DTMF, hangup, events, faults).
/// Start one with <see cref="EslSwitchEmulator.ConnectOutboundAsync"/>.
/// </summary>
/// <remarks>
/// A call costs no thread: its socket and its channel run as asynchronous tasks, so thousands can be open at once
/// (<see cref="EslSwitchEmulator.ConnectOutboundManyAsync"/>). <see cref="Completion"/> completes once the socket
/// is closed and the channel has finished its hangup.
/// </remarks>
public sealed partial class EslEmulatorOutboundCall
{
    private readonly EslSwitchEmulator _emulator;
    private readonly EslOutboundCallOptions _options;
    private readonly FsChannelLayout _layout;
    private readonly object _gate = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _hungUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<EslEmulatorApplicationRun> _runs = [];
    private EslEmulatorConnection? _connection;

    internal EslEmulatorOutboundCall(EslSwitchEmulator emulator, IPEndPoint target, EslOutboundCallOptions options)
    {
        _emulator = emulator;
        _options = options;
        _channelToken = CancellationTokenSource.CreateLinkedTokenSource(emulator.Lifetime);
        Target = target;
        long created = FsText.Microseconds(emulator.Options.TimeProvider.GetUtcNow());
        _layout = options.Layout ?? FsChannelLayout.Default(options, created);
        Guid uuid = options.UniqueId ?? emulator.NewGuid();
        SocketApplicationUuid = options.SocketApplicationUuid ?? emulator.NewGuid();
        SocketArguments = options.SocketArguments ?? string.Create(
            CultureInfo.InvariantCulture,
            $"{FormatHost(target.Address)}:{target.Port}{(options.Async ? " async" : string.Empty)}{(options.Full ? " full" : string.Empty)}");
        Channel = new EslEmulatorChannel(uuid, options.ChannelName)
        {
            Direction = options.Direction,
            CallerIdName = options.CallerIdName,
            CallerIdNumber = options.CallerIdNumber,
            DestinationNumber = options.DestinationNumber,
            Context = options.Context,
            State = _layout.State,
            CallState = _layout.CallState ?? (options.Answered ? "ACTIVE" : "RINGING"),
            AnswerState = _layout.AnswerState ?? (options.Answered ? "answered" : "ringing"),
            OutboundCall = this,
        };
        _stateNumber = _layout.StateNumber;
        _answeredAt = _layout.Answered;
        if (options.Media is { } media)
        {
            Channel.Media = media; // an originated leg's: its answer time, caller and what was played go on
        }

        if (_answeredAt != 0)
        {
            Channel.Media.MarkAnswered(options.AnsweredAt != 0 ? options.AnsweredAt : _answeredAt);
        }
        _progressAt = _layout.Progress;
        _progressMediaAt = _layout.ProgressMedia;
        _createdAt = _layout.Created != 0 ? _layout.Created : created;
        if (_layout.VariablesComplete)
        {
            foreach (var (name, value) in options.Variables)
            {
                Channel.SetVariable(name, value);
            }
        }
        else
        {
            Channel.SetVariable("direction", options.Direction)
                .SetVariable("uuid", uuid.ToString("D"))
                .SetVariable("session_id", emulator.NextSessionId().ToString(CultureInfo.InvariantCulture))
                .SetVariable("channel_name", options.ChannelName);
            foreach (var (name, value) in options.Variables)
            {
                Channel.SetVariable(name, value);
            }

            Channel.SetVariable("call_uuid", uuid.ToString("D"))
                .SetVariable("current_application_data", SocketArguments)
                .SetVariable("current_application", "socket")
                .SetVariable("socket_host", FormatHost(target.Address));
        }
    }

    /// <summary>The server the call connected to.</summary>
    public IPEndPoint Target { get; }

    /// <summary>The channel: its uuid, name, state and variables (also reachable by uuid, e.g. <c>uuid_kill</c> from an inbound client).</summary>
    public EslEmulatorChannel Channel { get; }

    /// <summary>The channel's <c>Unique-ID</c>.</summary>
    public Guid UniqueId => Channel.UniqueId;

    /// <summary>True for <c>async</c> (<c>Socket-Mode: async</c>), false for <c>static</c>.</summary>
    public bool IsAsync => _options.Async;

    /// <summary>True for <c>full</c> (<c>Control: full</c>), false for <c>single-channel</c>.</summary>
    public bool IsFull => _options.Full;

    /// <summary>The socket application's argument, e.g. <c>127.0.0.1:8084 async full</c>.</summary>
    public string SocketArguments { get; }

    /// <summary>The <c>Application-UUID</c> of the <c>socket</c> application (its CHANNEL_EXECUTE_COMPLETE comes when the call leaves it).</summary>
    public Guid SocketApplicationUuid { get; }

    /// <summary>The socket as the emulator serves it: commands received, subscription, faults.</summary>
    public EslEmulatorConnection Connection => _connection ?? throw new InvalidOperationException("The call has no socket yet.");

    /// <summary>True once the client sent <c>connect</c> and got the channel data.</summary>
    public bool IsConnected => _connected.Task.IsCompleted;

    /// <summary>True once the channel is answered.</summary>
    public bool IsAnswered => Volatile.Read(ref _answeredAt) != 0;

    /// <summary>True once the channel has hung up (CHANNEL_HANGUP fired).</summary>
    public bool IsHungUp => _hungUp.Task.IsCompleted;

    /// <summary>The hangup cause once hung up (e.g. <c>NORMAL_CLEARING</c>), else null.</summary>
    public string? HangupCause => Volatile.Read(ref _hangupCause);

    /// <summary>True after the client sent <c>resume</c>: when the socket closes, the channel goes back to the dialplan instead of hanging up.</summary>
    public bool IsResumed => Volatile.Read(ref _resumed);

    /// <summary>What the caller heard: the audio played into the call, each file up to where it stopped (see <see cref="EslHeardAudio"/>).</summary>
    public EslHeardAudio Heard => Channel.Heard;

    /// <summary>Every command packet the socket received, in order.</summary>
    public IReadOnlyList<EslReceivedCommand> ReceivedCommands => Connection.ReceivedCommands;

    /// <summary>The applications run on the channel so far, in the order they started.</summary>
    public IReadOnlyList<EslEmulatorApplicationRun> Applications
    {
        get
        {
            lock (_runs)
            {
                return [.. _runs];
            }
        }
    }

    /// <summary>Completes once the socket is closed and the channel has finished (CHANNEL_HANGUP_COMPLETE, CHANNEL_DESTROY fired).</summary>
    public Task Completion => _finished.Task;

    /// <summary>Why the socket ended, once it has.</summary>
    public EslConnectionEnd? EndReason => _connection?.EndReason;

    internal EslOutboundCallOptions Options => _options;

    /// <summary>Waits until the client has sent <c>connect</c>.</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/> (10 s by default).</exception>
    public Task WaitForConnectAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(_connected.Task, timeout, "connect", cancellationToken);

    /// <summary>Waits until the channel has hung up; returns the cause.</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/> (10 s by default).</exception>
    public async Task<string> WaitForHangupAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await WaitAsync(_hungUp.Task, timeout, "the hangup", cancellationToken).ConfigureAwait(false);
        return HangupCause!;
    }

    /// <summary>Waits until the socket is closed and the channel has finished (<see cref="Completion"/>).</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/> (10 s by default).</exception>
    public Task WaitForCompletionAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(_finished.Task, timeout, "the end of the call", cancellationToken);

    /// <summary>Waits until the socket received a command line starting with <paramref name="prefix"/> (ignoring case).</summary>
    public Task<EslReceivedCommand> WaitForCommandAsync(string prefix, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Connection.WaitForCommandAsync(prefix, timeout, cancellationToken);

    /// <summary>Waits until the socket received a command matching <paramref name="predicate"/>.</summary>
    public Task<EslReceivedCommand> WaitForCommandAsync(Func<EslReceivedCommand, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Connection.WaitForCommandAsync(predicate, timeout, cancellationToken);

    /// <summary>Waits until an application of that name (ignoring case) has completed on the channel; returns its run.</summary>
    public async Task<EslEmulatorApplicationRun> WaitForApplicationAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        EslEmulatorApplicationRun? found = null;
        await _emulator.WaitUntilAsync(
            () => (found = Applications.FirstOrDefault(r => r.IsComplete && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))) is not null,
            () => $"application {name} on {UniqueId}; ran: {string.Join(", ", Applications.Select(r => r.Name))}",
            timeout,
            cancellationToken).ConfigureAwait(false);
        return found!;
    }

    /// <summary>Sets a channel variable as FreeSWITCH does (the header moves last; an empty value unsets it).</summary>
    public void SetVariable(string name, string value) => Channel.SetVariable(name, value);

    /// <summary>A channel variable, or null.</summary>
    public string? GetVariable(string name) => Channel.GetVariable(name);

    /// <summary>
    /// The far end presses keys: one DTMF event per digit (<c>DTMF-Digit</c>, <c>DTMF-Duration</c> in samples,
    /// <c>DTMF-Source: RTP</c>). With <c>divert_events on</c> they go to the socket as session events instead.
    /// </summary>
    /// <param name="digits">0-9, *, #, A-D.</param>
    /// <param name="duration">How long each is held (default 250 ms, FreeSWITCH's 2000 samples at 8 kHz).</param>
    /// <param name="cancellationToken">Cancels before sending.</param>
    public ValueTask SendDtmfAsync(string digits, TimeSpan? duration = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(digits);
        if (digits.Any(c => !(char.IsAsciiDigit(c) || c is '*' or '#' || (c >= 'A' && c <= 'D') || (c >= 'a' && c <= 'd'))))
        {
            throw new ArgumentException("DTMF digits are 0-9, *, #, A-D.", nameof(digits));
        }

        cancellationToken.ThrowIfCancellationRequested();
        long samples = (long)((duration ?? TimeSpan.FromMilliseconds(250)).TotalMilliseconds * 8);
        foreach (char digit in digits)
        {
            FireDtmf(char.ToUpperInvariant(digit), samples);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The far end hangs up (a BYE) with <paramref name="cause"/>: CHANNEL_HANGUP, any running application
    /// completes, then the rest of the hangup and, depending on <c>linger</c>, the linger notice or the goodbye.
    /// </summary>
    public ValueTask HangupAsync(string cause = "NORMAL_CLEARING", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cause);
        cancellationToken.ThrowIfCancellationRequested();
        Hangup(cause);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Creates an event about this channel: FreeSWITCH's standard headers, then the channel data as FreeSWITCH
    /// adds it (<c>Channel-State</c> … <c>Answer-State</c>, codecs, <c>Caller-*</c>, and the <c>variable_*</c>
    /// headers for the types that carry them, e.g. CUSTOM). Add your headers and <see cref="PublishAsync"/> it.
    /// </summary>
    public EslEmulatorEvent CreateEvent(string name, string? subclass = null)
    {
        lock (_fireLock)
        {
            return BuildEvent(name, subclass, null);
        }
    }

    /// <summary>Fires an event (e.g. from <see cref="CreateEvent"/>) in order with the channel's own events: to this socket and any other listener that takes it.</summary>
    public ValueTask PublishAsync(EslEmulatorEvent ev, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ev);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_fireLock)
        {
            Deliver(ev);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Cuts the socket abortively (TCP reset, no notice), as a crashed switch or a cut cable would; waits until it is closed.</summary>
    public Task DropAsync(CancellationToken cancellationToken = default) => Connection.DropAsync(cancellationToken);

    /// <summary>Stops reading and writing the socket (commands and events pile up) until <see cref="Resume"/>.</summary>
    public void Stall() => Connection.Stall();

    /// <summary>Ends a <see cref="Stall"/>.</summary>
    public void Resume() => Connection.Resume();

    /// <summary>Stalls the socket for <paramref name="duration"/>.</summary>
    public Task StallAsync(TimeSpan duration, CancellationToken cancellationToken = default) => Connection.StallAsync(duration, cancellationToken);

    /// <summary>Writes raw bytes to the socket between frames (see <see cref="EslEmulatorConnection.SendRawAsync(ReadOnlyMemory{byte}, CancellationToken)"/>).</summary>
    public Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) => Connection.SendRawAsync(bytes, cancellationToken);

    /// <inheritdoc />
    public override string ToString() =>
        $"outbound call {UniqueId} to {Target} ({(IsAsync ? "async" : "static")} {(IsFull ? "full" : "single-channel")}){(IsHungUp ? " hung up" : string.Empty)}";

    internal void Attach(EslEmulatorConnection connection) => _connection = connection;

    private static string FormatHost(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();

    private static async Task WaitAsync(Task task, TimeSpan? timeout, string what, CancellationToken cancellationToken)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        try
        {
            await task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The emulator waited {limit.TotalSeconds:0.###} s for {what}.");
        }
    }
}

/// <summary>One application run on an emulated outbound call.</summary>
public sealed class EslEmulatorApplicationRun
{
    internal EslEmulatorApplicationRun(string name, string? argument, string applicationUuid, bool eventLock, EslReceivedCommand? message)
    {
        Name = name;
        Argument = argument;
        ApplicationUuid = applicationUuid;
        EventLock = eventLock;
        Message = message;
    }

    /// <summary>The application.</summary>
    public string Name { get; }

    /// <summary>Its argument, or null.</summary>
    public string? Argument { get; }

    /// <summary>Its <c>Application-UUID</c>.</summary>
    public string ApplicationUuid { get; }

    /// <summary>True when it ran with <c>event-lock</c>.</summary>
    public bool EventLock { get; }

    /// <summary>The <c>sendmsg</c> that ran it.</summary>
    public EslReceivedCommand? Message { get; }

    /// <summary>The <c>Application-Response</c> of its CHANNEL_EXECUTE_COMPLETE, once complete.</summary>
    public string? Response { get; internal set; }

    /// <summary>True once its CHANNEL_EXECUTE_COMPLETE fired.</summary>
    public bool IsComplete { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}({Argument}) [{ApplicationUuid}]{(IsComplete ? " -> " + Response : string.Empty)}";
}
