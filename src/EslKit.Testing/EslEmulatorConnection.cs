using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EslKit.Protocol;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>
/// One client connection to the emulator: what it sent, what it is subscribed to, and handles to inject
/// faults into it. Each connection is served like FreeSWITCH's listener thread: one packet at a time,
/// replies in order, queued events written between packets.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The cancellation sources have no timers; Kill/Abort may still signal them from other threads after the connection ends, so they are never disposed.")]
public sealed partial class EslEmulatorConnection
{
    private readonly EslSwitchEmulator _emulator;
    private readonly EslEmulatorOptions _options;
    private readonly Socket _socket;
    private readonly object _lock = new();
    private readonly List<EslReceivedCommand> _commands = [];
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Subscription state (guarded by _lock): LFLAG_EVENTS, event_list[], event_hash, format.
    private readonly bool[] _eventList = new bool[FsEventTypes.Count];
    private readonly HashSet<string> _subclasses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nixedSubclasses = new(StringComparer.Ordinal);
    private readonly List<Filter> _filters = [];
    private bool _eventsEnabled;
    private bool _allSubclasses;
    private EslEventFormat _format = EslEventFormat.Plain;
    private bool _myEvents;

    // With myevents on a session: the only Unique-ID whose events this connection takes, read without the lock so that
    // offering it another call's event (every outbound call's events are offered to every listening call socket) is one
    // comparison. Set once, with _myEvents; _session does not change after.
    private volatile string? _onlyUniqueId;

    // Listener flags.
    private volatile bool _running = true;
    private volatile bool _authenticated;
    private bool _allowLog = true;
    private bool _logEnabled;
    private int _logLevel = FsLogLevels.Debug;
    private string? _user;
    private HashSet<string>? _allowedApi;
    private bool _authEvents;
    private bool _allEventsAuthed;
    private bool[]? _allowedEventList;
    private HashSet<string>? _allowedSubclasses;

    // The controlled channel (inbound myevents <uuid>): listener->session.
    private EslEmulatorChannel? _session;
    private bool _sessionFlag;
    private bool _linger;
    private int _lingerSeconds = -1;
    private bool _divert;

    internal EslEmulatorConnection(EslSwitchEmulator emulator, Socket socket, int id)
    {
        _emulator = emulator;
        _options = emulator.Options;
        _socket = socket;
        Id = id;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        ConnectedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>An outbound socket: the switch connected to the client for <paramref name="call"/>'s channel (LFLAG_OUTBOUND, authenticated, a session).</summary>
    internal EslEmulatorConnection(EslSwitchEmulator emulator, Socket socket, int id, EslEmulatorOutboundCall call)
        : this(emulator, socket, id)
    {
        Call = call;
        _authenticated = true;
        _session = call.Channel;
        _sessionFlag = call.IsAsync;
    }

    /// <summary>The outbound call this socket belongs to, or null for a client that connected to the emulator (inbound).</summary>
    public EslEmulatorOutboundCall? Call { get; }

    /// <summary>True on an outbound socket (the switch connected to the client, as the <c>socket</c> application does).</summary>
    public bool IsOutbound => Call is not null;

    /// <summary>True after <c>linger</c> (until <c>nolinger</c>).</summary>
    public bool IsLingering
    {
        get
        {
            lock (_lock)
            {
                return _linger;
            }
        }
    }

    /// <summary>True after <c>divert_events on</c>: the channel's session events (DTMF …) come to this socket directly.</summary>
    public bool IsDiverting => Volatile.Read(ref _divert);

    /// <summary>1 for the first connection the emulator accepted, then 2, 3, …</summary>
    public int Id { get; }

    /// <summary>The client's address.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>When it was accepted (system clock).</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>True until the connection is closed (by either side).</summary>
    public bool IsConnected => !_completion.Task.IsCompleted && !_closing;

    // What EslReceivedCommand.ToString masks besides sip_auth_password.
    internal ICollection<string> SecretVariables => _options.SecretVariables;

    private Task _lastJobStart = Task.CompletedTask;

    /// <summary>Records when this connection's newest bgapi job has started; returns the one before it.</summary>
    internal Task ExchangeLastJobStart(Task started) => Interlocked.Exchange(ref _lastJobStart, started);

    /// <summary>True after a successful <c>auth</c> or <c>userauth</c>.</summary>
    public bool IsAuthenticated => _authenticated;

    /// <summary>The <c>user@domain</c> of a successful <c>userauth</c>, else null.</summary>
    public string? AuthenticatedUser
    {
        get
        {
            lock (_lock)
            {
                return _user;
            }
        }
    }

    /// <summary>Completes when the connection has closed and the emulator is done with it.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Why the connection ended, once it has (see <see cref="EslConnectionEnd"/>).</summary>
    public EslConnectionEnd? EndReason { get; private set; }

    /// <summary>Every command packet received, in order.</summary>
    public IReadOnlyList<EslReceivedCommand> ReceivedCommands
    {
        get
        {
            lock (_lock)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>The current subscription.</summary>
    public EslEmulatorSubscription Subscriptions
    {
        get
        {
            lock (_lock)
            {
                var names = new List<string>();
                for (int id = 0; id < _eventList.Length; id++)
                {
                    if (_eventList[id] && id != FsEventTypes.All)
                    {
                        names.Add(FsEventTypes.NameOf(id));
                    }
                }

                names.Sort(StringComparer.Ordinal);
                var subclasses = _subclasses.Order(StringComparer.Ordinal).ToList();
                return new EslEmulatorSubscription(_eventsEnabled, _format, _eventList[FsEventTypes.All], names, subclasses, _myEvents, _session?.UniqueId);
            }
        }
    }

    /// <summary>The event filters in the order they were added.</summary>
    public IReadOnlyList<EslEmulatorFilter> Filters
    {
        get
        {
            lock (_lock)
            {
                return [.. _filters.Select(f => f.Public)];
            }
        }
    }

    /// <summary>The <c>log</c> level in force (0–7 …), or null when not logging.</summary>
    public int? LogLevel
    {
        get
        {
            lock (_lock)
            {
                return _logEnabled ? _logLevel : null;
            }
        }
    }

    /// <summary>The uuid of the channel this connection controls after <c>myevents &lt;uuid&gt;</c>, else null.</summary>
    public Guid? ControlledSessionUuid
    {
        get
        {
            lock (_lock)
            {
                return _session?.UniqueId;
            }
        }
    }

    /// <summary>Events (and log lines) queued for this connection and not yet written.</summary>
    public int QueuedEvents => Volatile.Read(ref _queuedEvents) + Volatile.Read(ref _queuedLogs);

    /// <summary>Events lost because the queue was full (FreeSWITCH's lost_events), since the last successful queueing.</summary>
    public int LostEvents => Volatile.Read(ref _lostEvents);

    /// <summary>Bytes written to the client so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes read from the client so far.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Waits until this connection has received a command matching <paramref name="predicate"/> (already received ones count); returns the first.</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/> (10 s by default); the message lists what was received.</exception>
    public async Task<EslReceivedCommand> WaitForCommandAsync(Func<EslReceivedCommand, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        EslReceivedCommand? found = null;
        await _emulator.WaitUntilAsync(
            () => (found = ReceivedCommands.FirstOrDefault(predicate)) is not null,
            () => $"a matching command on connection {Id}; received: {string.Join(" | ", ReceivedCommands.Select(c => c.ToString()))}",
            timeout,
            cancellationToken).ConfigureAwait(false);
        return found!;
    }

    /// <summary>Waits until this connection received a command line starting with <paramref name="prefix"/> (ignoring case).</summary>
    public Task<EslReceivedCommand> WaitForCommandAsync(string prefix, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return WaitForCommandAsync(c => c.StartsWith(prefix), timeout, cancellationToken);
    }

    /// <summary>Waits until <paramref name="count"/> commands have arrived on this connection.</summary>
    public async Task<IReadOnlyList<EslReceivedCommand>> WaitForCommandCountAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await _emulator.WaitUntilAsync(
            () => ReceivedCommands.Count >= count,
            () => $"{count} command(s) on connection {Id}; received {ReceivedCommands.Count}",
            timeout,
            cancellationToken).ConfigureAwait(false);
        return ReceivedCommands;
    }

    /// <summary>Waits until the connection has closed.</summary>
    /// <exception cref="TimeoutException">Still open after <paramref name="timeout"/> (10 s by default).</exception>
    public async Task WaitForCloseAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        try
        {
            await _completion.Task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Connection {Id} was still open after {limit.TotalSeconds:0.###} s.");
        }
    }

    /// <summary>
    /// Delivers an event to this connection only, through its subscription and filters like
    /// <see cref="EslSwitchEmulator.PublishAsync"/>. Returns false when the connection does not take it.
    /// </summary>
    public bool Publish(EslEmulatorEvent ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return TryDeliver(ev.GetDelivery());
    }

    /// <inheritdoc />
    public override string ToString() => $"connection {Id} from {RemoteEndPoint}{(IsConnected ? string.Empty : " (closed)")}";

    private void Record(EslReceivedCommand command)
    {
        lock (_lock)
        {
            _commands.Add(command);
        }

        _emulator.NotifyChanged();
    }

    /// <summary>One filter with its regular expression compiled once.</summary>
    private sealed class Filter(string header, string value)
    {
        private System.Text.RegularExpressions.Regex? _regex;
        private bool _regexTried;

        public string Header { get; } = header;

        public string Value { get; } = value;

        public EslEmulatorFilter Public { get; } = new(header, value);

        public System.Text.RegularExpressions.Regex? Regex
        {
            get
            {
                if (!_regexTried)
                {
                    _regex = FsRegex.Compile(Value);
                    _regexTried = true;
                }

                return _regex;
            }
        }
    }
}
