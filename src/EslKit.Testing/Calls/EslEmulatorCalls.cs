using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>
/// The emulated switch's call model (<see cref="EslSwitchEmulator.Calls"/>): what <c>originate</c> reaches — registered
/// gateways, SIP hosts with digest accounts, the far end's outcome per number — and statistics for tests (concurrent calls
/// per variable value and per gateway, originates per second, dials per number and per uuid, every originate received).
/// Everything can be changed while calls run.
/// </summary>
public sealed class EslEmulatorCalls
{
    private readonly EslSwitchEmulator _emulator;
    private readonly ConcurrentDictionary<string, EslEmulatorGateway> _gateways = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, EslEmulatorSipHost> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, EslCallOutcome> _outcomes = new(StringComparer.Ordinal);
    private readonly object _statsLock = new();
    private readonly List<EslEmulatorOriginateRecord> _originates = [];
    private readonly List<long> _originateTimes = [];
    private readonly List<long> _sessionTimes = [];
    private readonly Dictionary<string, int> _dialsByNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, int> _dialsByUuid = [];
    private readonly List<FsCallLeg> _active = [];
    private readonly List<(bool Start, FsCallLeg Leg, long At)> _history = [];
    private Func<EslCallAttempt, CancellationToken, ValueTask<EslCallOutcome?>>? _hook;
    private int _maxConcurrent;

    internal EslEmulatorCalls(EslSwitchEmulator emulator) => _emulator = emulator;

    /// <summary>What the far end does for a number with no outcome of its own (default: answers at once, never hangs up).</summary>
    public EslCallOutcome DefaultOutcome { get; set; } = EslCallOutcome.NeverHangUp();

    /// <summary>
    /// How a host nobody added behaves: true (the default, what the lab showed on loopback, where the port is closed) the leg
    /// fails at once with <c>NORMAL_TEMPORARY_FAILURE</c> (503); false, it is silent and the leg ends <c>NO_ANSWER</c> at its
    /// <c>leg_timeout</c> (or the originate's timeout). Either way a failover leg after it is tried next.
    /// </summary>
    public bool UnreachableHostsRefuse { get; set; } = true;

    /// <summary>
    /// True when the far end is a profile of this same switch, as in the capture lab (the carrier profile): each call then
    /// also shows the far end's inbound leg (<c>sofia/carrier/…</c>) with its own CHANNEL_* events, and that leg takes a
    /// session too (counted by the sessions-per-second and max-sessions limits, refused with 503 when over them).
    /// </summary>
    public bool FarEndLegs { get; set; }

    /// <summary>The gateways.</summary>
    public IReadOnlyList<EslEmulatorGateway> Gateways => [.. _gateways.Values];

    /// <summary>The SIP hosts that can be reached directly.</summary>
    public IReadOnlyList<EslEmulatorSipHost> Hosts => [.. _hosts.Values];

    /// <summary>Adds (or replaces) a registered gateway.</summary>
    public EslEmulatorGateway AddGateway(EslEmulatorGateway gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        gateway.Reset(_emulator.NowMicroseconds());
        _gateways[gateway.Name] = gateway;
        return gateway;
    }

    /// <summary>Adds a gateway named <paramref name="name"/> with the lab's defaults.</summary>
    public EslEmulatorGateway AddGateway(string name) => AddGateway(new EslEmulatorGateway(name));

    /// <summary>Finds a gateway by name (ignoring case).</summary>
    public bool TryGetGateway(string name, [NotNullWhen(true)] out EslEmulatorGateway? gateway) => _gateways.TryGetValue(name, out gateway);

    /// <summary>Removes a gateway (calls through it then fail <c>INVALID_GATEWAY</c>).</summary>
    public bool RemoveGateway(string name) => _gateways.TryRemove(name, out _);

    /// <summary>
    /// Takes a gateway down (its registration failed): <c>Status DOWN</c>, calls through it fail <c>GATEWAY_DOWN</c>, and
    /// CUSTOM <c>sofia::gateway_state</c> fires with <c>State: DOWN</c>.
    /// </summary>
    public ValueTask SetGatewayDownAsync(string name, CancellationToken cancellationToken = default)
    {
        var gateway = _gateways.TryGetValue(name, out var found) ? found : throw new ArgumentException($"No gateway '{name}'.", nameof(name));
        gateway.Set("DOWN", up: false, _emulator.NowMicroseconds());
        return _emulator.PublishAsync(_emulator.GatewayStateEvent(gateway, "DOWN", "DOWN", register: true), cancellationToken);
    }

    /// <summary>Brings a gateway back: it registers again (<c>sofia::gateway_state</c> TRYING, REGISTER, REGED) and is up.</summary>
    public async ValueTask SetGatewayUpAsync(string name, CancellationToken cancellationToken = default)
    {
        var gateway = _gateways.TryGetValue(name, out var found) ? found : throw new ArgumentException($"No gateway '{name}'.", nameof(name));
        await _emulator.RegisterGatewayAsync(gateway, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a SIP host that calls can reach directly (<c>sofia/external/&lt;number&gt;@host[:port]</c>); add accounts to it for digest authentication.</summary>
    public EslEmulatorSipHost AddHost(string hostAndPort)
    {
        var host = new EslEmulatorSipHost(hostAndPort);
        _hosts[hostAndPort] = host;
        return host;
    }

    /// <summary>Scripts what the far end does when <paramref name="number"/> is dialled (through any gateway or host).</summary>
    public void SetOutcome(string number, EslCallOutcome outcome)
    {
        ArgumentException.ThrowIfNullOrEmpty(number);
        ArgumentNullException.ThrowIfNull(outcome);
        _outcomes[number] = outcome;
    }

    /// <summary>Runs for every leg dialled, before the per-number outcomes; return null to fall back to them.</summary>
    public void OnDial(Func<EslCallAttempt, CancellationToken, ValueTask<EslCallOutcome?>>? hook) => _hook = hook;

    /// <summary>
    /// The capture lab (fixtures freeswitch-calls/INDEX.md): gateway <c>trunk</c> registered to the carrier at
    /// 127.0.0.1:5090, which is also a host with the pro tenant's digest account; 127.0.0.1:5091, where nothing listens;
    /// the far end on this switch (<see cref="FarEndLegs"/>); and the carrier's numbering plan: <c>601100486</c> busy,
    /// <c>601100603</c> declined, <c>601100404</c> not found, <c>601100503</c> unavailable, <c>601100480</c> rings forever,
    /// <c>60110000N</c> answers and hangs up after N s, <c>601100777</c> rings 1 s, answers and hangs up 25 s later,
    /// anything else answers and hangs up after 30 s.
    /// </summary>
    public void UseLabNumberingPlan()
    {
        AddGateway("trunk");
        AddHost("127.0.0.1:5090").AddAccount("601548732123", "p,a}s{s'w\"o rd=^^x");
        FarEndLegs = true;
        UnreachableHostsRefuse = true;
        SetOutcome("601100486", EslCallOutcome.Busy());
        SetOutcome("601100603", EslCallOutcome.Reject());
        SetOutcome("601100404", EslCallOutcome.Unallocated());
        SetOutcome("601100503", EslCallOutcome.Unavailable());
        SetOutcome("601100480", EslCallOutcome.NoAnswer());
        for (int n = 1; n <= 9; n++)
        {
            SetOutcome($"60110000{n}", EslCallOutcome.Answer(talkTime: TimeSpan.FromSeconds(n)));
        }

        SetOutcome("601100777", EslCallOutcome.Answer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(25)));
        DefaultOutcome = EslCallOutcome.Answer(talkTime: TimeSpan.FromSeconds(30));
    }

    // ---------------------------------------------------------------- statistics

    /// <summary>Originated calls up now (the legs <c>originate</c> created, not the far end's).</summary>
    public int ActiveCalls
    {
        get
        {
            lock (_statsLock)
            {
                return _active.Count;
            }
        }
    }

    /// <summary>The most originated calls that were up at the same time.</summary>
    public int MaxConcurrentCalls
    {
        get
        {
            lock (_statsLock)
            {
                return _maxConcurrent;
            }
        }
    }

    /// <summary>Every originate received, in order (arguments as received; <see cref="EslEmulatorOriginateRecord.ToString"/> masks secrets).</summary>
    public IReadOnlyList<EslEmulatorOriginateRecord> Originates
    {
        get
        {
            lock (_statsLock)
            {
                return [.. _originates];
            }
        }
    }

    /// <summary>The most <c>originate</c> commands received within any one second (a sliding window on the emulator's clock).</summary>
    public int MaxOriginatesPerSecond
    {
        get
        {
            lock (_statsLock)
            {
                return MaxInWindow(_originateTimes);
            }
        }
    }

    /// <summary>The most sessions (channels) created within any one second.</summary>
    public int MaxSessionsPerSecond
    {
        get
        {
            lock (_statsLock)
            {
                return MaxInWindow(_sessionTimes);
            }
        }
    }

    /// <summary>How many legs dialled each number (a channel was created for it).</summary>
    public IReadOnlyDictionary<string, int> DialsByNumber
    {
        get
        {
            lock (_statsLock)
            {
                return new Dictionary<string, int>(_dialsByNumber, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>How many channels were created with each uuid (more than 1 would be a call dialled twice).</summary>
    public IReadOnlyDictionary<Guid, int> DialsByUuid
    {
        get
        {
            lock (_statsLock)
            {
                return new Dictionary<Guid, int>(_dialsByUuid);
            }
        }
    }

    /// <summary>
    /// For each value the channel variable <paramref name="variable"/> had (e.g. <c>eslkit_tenant</c>), the most originated
    /// calls with that value up at the same time.
    /// </summary>
    public IReadOnlyDictionary<string, int> MaxConcurrentByVariable(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        return MaxConcurrentBy(leg => leg.Channel.GetVariable(variable));
    }

    /// <summary>
    /// Over several switches together (each on the same clock, e.g. <see cref="TimeProvider.System"/>): for each value
    /// the channel variable <paramref name="variable"/> had, the most originated calls with that value up at the same
    /// time on all of them — a limit shared by several nodes, as the nodes measured it. At equal times an end counts
    /// before a start.
    /// </summary>
    public static IReadOnlyDictionary<string, int> MaxConcurrentByVariable(IEnumerable<EslEmulatorCalls> switches, string variable)
    {
        ArgumentNullException.ThrowIfNull(switches);
        ArgumentException.ThrowIfNullOrEmpty(variable);
        return MaxConcurrentAcross(switches, leg => leg.Channel.GetVariable(variable));
    }

    /// <summary>Over several switches together: for each gateway name, the most calls through a gateway of that name up at the same time on all of them.</summary>
    public static IReadOnlyDictionary<string, int> MaxConcurrentByGateway(IEnumerable<EslEmulatorCalls> switches)
    {
        ArgumentNullException.ThrowIfNull(switches);
        return MaxConcurrentAcross(switches, leg => leg.Gateway?.Name);
    }

    private static Dictionary<string, int> MaxConcurrentAcross(IEnumerable<EslEmulatorCalls> switches, Func<FsCallLeg, string?> key)
    {
        var all = new List<(bool Start, string Key, long At)>();
        foreach (var calls in switches)
        {
            lock (calls._statsLock)
            {
                foreach (var (start, leg, at) in calls._history)
                {
                    if (key(leg) is { } value)
                    {
                        all.Add((start, value, at));
                    }
                }
            }
        }

        all.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Start.CompareTo(b.Start));
        var current = new Dictionary<string, int>(StringComparer.Ordinal);
        var max = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (start, value, _) in all)
        {
            int now = current.GetValueOrDefault(value) + (start ? 1 : -1);
            current[value] = now;
            max[value] = Math.Max(max.GetValueOrDefault(value), now);
        }

        return max;
    }

    /// <summary>For each gateway, the most calls through it up at the same time.</summary>
    public IReadOnlyDictionary<string, int> MaxConcurrentByGateway() => MaxConcurrentBy(leg => leg.Gateway?.Name);

    /// <summary>The originated calls up now whose variable <paramref name="variable"/> is <paramref name="value"/>.</summary>
    public int ActiveCallsWith(string variable, string value)
    {
        lock (_statsLock)
        {
            return _active.Count(l => l.Channel.GetVariable(variable) == value);
        }
    }

    internal EslEmulatorOriginateRecord RecordOriginate(string arguments, string? jobUuid, DateTimeOffset receivedAt)
    {
        var record = new EslEmulatorOriginateRecord(receivedAt, arguments, jobUuid, [.. _emulator.Options.SecretVariables]);
        lock (_statsLock)
        {
            _originates.Add(record);
            _originateTimes.Add(FsText.Microseconds(receivedAt));
        }

        return record;
    }

    internal void OnSessionCreated()
    {
        lock (_statsLock)
        {
            _sessionTimes.Add(_emulator.NowMicroseconds());
        }
    }

    internal void OnLegStarted(FsCallLeg leg, string number)
    {
        lock (_statsLock)
        {
            _active.Add(leg);
            _history.Add((true, leg, _emulator.NowMicroseconds()));
            _maxConcurrent = Math.Max(_maxConcurrent, _active.Count);
            _dialsByNumber[number] = _dialsByNumber.GetValueOrDefault(number) + 1;
            _dialsByUuid[leg.Channel.UniqueId] = _dialsByUuid.GetValueOrDefault(leg.Channel.UniqueId) + 1;
        }
    }

    internal void OnLegEnded(FsCallLeg leg)
    {
        lock (_statsLock)
        {
            if (_active.Remove(leg))
            {
                _history.Add((false, leg, _emulator.NowMicroseconds()));
            }
        }
    }

    internal async ValueTask<EslCallOutcome> OutcomeAsync(EslCallAttempt attempt, CancellationToken cancellationToken)
    {
        if (_hook is { } hook && await hook(attempt, cancellationToken).ConfigureAwait(false) is { } scripted)
        {
            return scripted;
        }

        return _outcomes.TryGetValue(attempt.Number, out var outcome) ? outcome : DefaultOutcome;
    }

    /// <summary>
    /// What the far end played last before hanging up (its leg's <c>playback_*</c> variables): the scripted caller's last
    /// sentence, else a tone for the whole talk time at 8 kHz, as the lab carrier plays.
    /// </summary>
    internal (long Samples, int Rate) FarEndAudio(string number, TimeSpan talked) =>
        _emulator.AudioStreams.CallerFor(number)?.LastSentence ?? ((long)talked.TotalSeconds * 8000, 8000);

    internal bool TryGetHost(string hostAndPort, [NotNullWhen(true)] out EslEmulatorSipHost? host) => _hosts.TryGetValue(hostAndPort, out host);

    private static int MaxInWindow(List<long> recorded)
    {
        // Recorded as jobs run, which is not always the order the commands arrived in (several connections).
        long[] times = [.. recorded.Order()];
        int best = 0;
        int start = 0;
        for (int end = 0; end < times.Length; end++)
        {
            while (times[end] - times[start] >= 1_000_000)
            {
                start++;
            }

            best = Math.Max(best, end - start + 1);
        }

        return best;
    }

    private Dictionary<string, int> MaxConcurrentBy(Func<FsCallLeg, string?> key)
    {
        var current = new Dictionary<string, int>(StringComparer.Ordinal);
        var max = new Dictionary<string, int>(StringComparer.Ordinal);
        lock (_statsLock)
        {
            foreach (var (start, leg, _) in _history)
            {
                if (key(leg) is not { } value)
                {
                    continue;
                }

                int now = current.GetValueOrDefault(value) + (start ? 1 : -1);
                current[value] = now;
                max[value] = Math.Max(max.GetValueOrDefault(value), now);
            }
        }

        return max;
    }
}
