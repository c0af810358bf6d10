using System.Text;
using EslKit.Commands;
using EslKit.Connections;
using EslKit.Diagnostics;
using EslKit.Protocol;

namespace EslKit;

/// <content>Events, filters and logs: what FreeSWITCH is asked to send, and who receives it.</content>
public sealed partial class EslClient
{
    private const string FilterHeader = "Event-Name";
    private readonly EslEventName[] _internalEvents;
    private readonly EslEventRouter _router;

    // What the user asked FreeSWITCH for; guarded by _gate, published as an immutable snapshot for the read loop.
    private Wanted _wanted = Wanted.Nothing;
    private readonly List<KeyValuePair<string, string>> _filters = [];
    private EslLogLevel? _logLevel;
    private EslSubscription<EslLogEntry>[] _logSubscriptions = [];
    private EslEventViewHandler[] _viewHandlers = [];
    private bool _logsCompleted;

    /// <summary>
    /// Asks FreeSWITCH for more events (<c>event &lt;format&gt; …</c>; subscriptions add up). CUSTOM events are
    /// requested by subclass. Re-applied after every reconnect.
    /// </summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused.</exception>
    public async Task SubscribeAsync(IEnumerable<EslEventName> names, IEnumerable<string>? customSubclasses = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var nameList = names.ToArray();
        var subclassList = (customSubclasses ?? []).ToArray();
        if (nameList.Length == 0 && subclassList.Length == 0)
        {
            throw new ArgumentException("Name at least one event or CUSTOM subclass.", nameof(names));
        }

        if (nameList.Any(n => n == EslEventName.Unknown) || subclassList.Any(s => string.IsNullOrWhiteSpace(s) || s.Contains(' ', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Event names must be known and subclasses single words.", nameof(names));
        }

        // Recorded before sending: FreeSWITCH starts sending right after its +OK, before this method resumes.
        Wanted before;
        lock (_gate)
        {
            before = _wanted;
            _wanted = _wanted.With(nameList, subclassList);
        }

        try
        {
            await CommandAsync(EventCommand(nameList, subclassList, withInternal: false), "event", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                _wanted = _wanted.Without(nameList.Where(n => !before.Names.Contains(n) && !(n == EslEventName.All && before.All)), subclassList.Where(s => !before.Subclasses.Contains(s)));
            }

            throw;
        }
    }

    /// <summary>Asks FreeSWITCH for the given events (see the other overload).</summary>
    public Task SubscribeAsync(params EslEventName[] names) => SubscribeAsync(names, null, CancellationToken.None);

    /// <summary>Stops the given events (<c>nixevent</c>). Events EslKit needs itself (BACKGROUND_JOB, HEARTBEAT) keep coming but are not delivered.</summary>
    public async Task UnsubscribeAsync(IEnumerable<EslEventName> names, CancellationToken cancellationToken = default)
    {
        var nameList = names.ToArray();
        if (nameList.Contains(EslEventName.All))
        {
            // FreeSWITCH's "nixevent ALL" clears every event, EslKit's own too: do it the way that restores them.
            await UnsubscribeAllAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var sent = nameList.Where(n => !_internalEvents.Contains(n)).ToArray();
        if (sent.Length > 0)
        {
            await CommandAsync(EslCommands.NixEvent([.. sent]), "nixevent", cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _wanted = _wanted.Without(nameList, []);
        }
    }

    /// <summary>Stops all events (<c>noevents</c>); EslKit re-subscribes the ones it needs itself.</summary>
    public async Task UnsubscribeAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _wanted = Wanted.Nothing;
        }

        // Both at once: no BACKGROUND_JOB can slip between the two, and one cancellation cannot split them.
        await CurrentSession().Connection.SendAllCheckedAsync(
            [(EslCommands.NoEvents(), "noevents"), (EventCommand([], [], withInternal: true), "event")],
            _options.CommandTimeout,
            CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds a FreeSWITCH-side filter (<c>filter &lt;header&gt; &lt;value&gt;</c>): once any filter exists, only
    /// events matching one are sent. EslKit adds its own filters for BACKGROUND_JOB and HEARTBEAT first,
    /// so bgapi and liveness keep working. Re-applied after every reconnect.
    /// </summary>
    public async Task AddFilterAsync(string header, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(header);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        bool first;
        lock (_gate)
        {
            first = _filters.Count == 0;
        }

        var commands = new List<(IEslCommand Command, string Operation)>();
        if (first)
        {
            commands.AddRange(InternalFilters().Select(f => ((IEslCommand)EslCommands.FilterAdd(f.Key, f.Value), "filter")));
        }

        commands.Add((EslCommands.FilterAdd(header, value), "filter"));
        var connection = CurrentSession().Connection;
        try
        {
            await connection.SendAllCheckedAsync(commands, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (first && ex is EslException or OperationCanceledException)
        {
            // EslKit's own filters alone would let nothing else through: take them away again.
            await ((Task)connection.SendAsync(EslCommands.FilterDeleteAll(), "filter", _options.CommandTimeout, CancellationToken.None)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        lock (_gate)
        {
            _filters.Add(new(header, value));
        }
    }

    /// <summary>Deletes a filter (<c>filter delete &lt;header&gt; [value]</c>; without a value, all of that header's).</summary>
    public async Task DeleteFilterAsync(string header, string? value = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(header);
        bool last;
        lock (_gate)
        {
            last = _filters.TrueForAll(f => Matches(f, header, value));
        }

        if (last)
        {
            // With only EslKit's own filters left, FreeSWITCH would pass nothing else: drop them all.
            await DeleteAllFiltersAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await CommandAsync(EslCommands.FilterDelete(header, value), "filter", cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _filters.RemoveAll(f => Matches(f, header, value));
        }

        if (string.Equals(header, FilterHeader, StringComparison.OrdinalIgnoreCase))
        {
            // The deletion may have removed EslKit's own Event-Name filters: put them back.
            foreach (var (internalHeader, internalValue) in InternalFilters())
            {
                if (value is null || string.Equals(value, internalValue, StringComparison.OrdinalIgnoreCase))
                {
                    await CommandAsync(EslCommands.FilterAdd(internalHeader, internalValue), "filter", cancellationToken).ConfigureAwait(false);
                }
            }
        }

        static bool Matches(KeyValuePair<string, string> filter, string header, string? value) =>
            string.Equals(filter.Key, header, StringComparison.OrdinalIgnoreCase) && (value is null || string.Equals(filter.Value, value, StringComparison.Ordinal));
    }

    /// <summary>Deletes every filter (<c>filter delete all</c>): FreeSWITCH sends every subscribed event again.</summary>
    public async Task DeleteAllFiltersAsync(CancellationToken cancellationToken = default)
    {
        await CommandAsync(EslCommands.FilterDeleteAll(), "filter", cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _filters.Clear();
        }
    }

    /// <summary>Receives FreeSWITCH's log lines up to <paramref name="level"/> (<c>log &lt;level&gt;</c>).</summary>
    public async Task SetLogLevelAsync(EslLogLevel level, CancellationToken cancellationToken = default)
    {
        await CommandAsync(EslCommands.Log(level), "log", cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _logLevel = level;
        }
    }

    /// <summary>Stops log lines (<c>nolog</c>).</summary>
    public async Task DisableLogsAsync(CancellationToken cancellationToken = default)
    {
        await CommandAsync(EslCommands.NoLog(), "nolog", cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _logLevel = null;
        }
    }

    /// <summary>
    /// Opens a stream of the events the client receives that match <paramref name="selector"/>, in the
    /// order FreeSWITCH sent them. It only filters what arrives: ask FreeSWITCH for events with
    /// <see cref="SubscribeAsync(IEnumerable{EslEventName}, IEnumerable{string}?, CancellationToken)"/>.
    /// </summary>
    public EslSubscription<EslEvent> Subscribe(EslEventSelector? selector = null, EslSubscriptionOptions? options = null) =>
        _router.Add(selector ?? EslEventSelector.All, options ?? _options.Subscription);

    /// <summary>Reads matching events until cancelled (a subscription for the life of the enumeration).</summary>
    public IAsyncEnumerable<EslEvent> ReadEventsAsync(EslEventSelector? selector = null, CancellationToken cancellationToken = default) =>
        Subscribe(selector).ReadAllThenDisposeAsync(cancellationToken);

    /// <summary>
    /// Adds a handler that sees every event the client delivers, in place and in order, with no
    /// allocation (see <see cref="EslEventViewHandler"/>). Dispose the result to remove it. A handler that
    /// throws is logged and does not stop the connection.
    /// </summary>
    public IDisposable AddEventHandler(EslEventViewHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _viewHandlers = [.. _viewHandlers, handler];
        }

        return new Removal(() =>
        {
            lock (_gate)
            {
                // Only this registration: the same delegate added twice stays registered once.
                int at = Array.IndexOf(_viewHandlers, handler);
                if (at >= 0)
                {
                    _viewHandlers = [.. _viewHandlers[..at], .. _viewHandlers[(at + 1)..]];
                }
            }
        });
    }

    /// <summary>Opens a stream of log lines (they arrive after <see cref="SetLogLevelAsync"/>).</summary>
    public EslSubscription<EslLogEntry> SubscribeLogs(EslSubscriptionOptions? options = null)
    {
        EslSubscription<EslLogEntry>? subscription = null;
        subscription = new EslSubscription<EslLogEntry>("log lines", options ?? _options.Subscription, Logger, s =>
        {
            lock (_gate)
            {
                _logSubscriptions = _logSubscriptions.Where(x => x != s).ToArray();
            }
        });
        lock (_gate)
        {
            if (_logsCompleted)
            {
                subscription.Complete(null); // the client is closed: nothing will come
                return subscription;
            }

            _logSubscriptions = [.. _logSubscriptions, subscription];
        }

        return subscription;
    }

    /// <summary>Called on the read loop for every event.</summary>
    internal void OnEvent(ref EslEventView view)
    {
        var name = view.Name;
        EslDiagnostics.CountEvent(name);

        EslEvent? materialised = null;
        if (name == EslEventName.BackgroundJob)
        {
            _jobs.TryComplete(ref view, ref materialised);
        }

        Span<byte> scratch = stackalloc byte[128];
        var subclass = EslEventRouter.Subclass(in view, name, scratch);

        // Events only EslKit asked for (BACKGROUND_JOB, HEARTBEAT) are not the user's.
        if (!Volatile.Read(ref _wanted).Contains(name, subclass))
        {
            return;
        }

        foreach (var handler in Volatile.Read(ref _viewHandlers))
        {
            try
            {
                handler(ref view);
            }
            catch (Exception ex)
            {
                EslLog.HandlerFailed(Logger, Endpoint, ex);
            }
        }

        _router.Dispatch(ref view, name, subclass, materialised);
    }

    /// <summary>Called on the read loop for every log/data frame.</summary>
    internal void OnLog(in EslFrame frame)
    {
        var subscribers = Volatile.Read(ref _logSubscriptions);
        if (subscribers.Length == 0)
        {
            return;
        }

        var entry = EslLogEntry.From(frame);
        foreach (var subscription in subscribers)
        {
            subscription.Deliver(entry);
        }
    }

    // The events EslKit needs itself: decided once, from the options, for subscribing, filtering and nixevent alike.
    private static EslEventName[] InternalEventsFor(EslClientOptions options) =>
        options.HeartbeatTimeout is null ? [EslEventName.BackgroundJob] : [EslEventName.BackgroundJob, EslEventName.Heartbeat];

    private IEnumerable<KeyValuePair<string, string>> InternalFilters() =>
        _internalEvents.Select(n => new KeyValuePair<string, string>(FilterHeader, EslEventNames.GetName(n)));

    /// <summary>Re-applies events, filters and log level on a fresh connection.</summary>
    private async Task ApplySubscriptionsAsync(InboundSession session, CancellationToken cancellationToken)
    {
        Wanted wanted;
        KeyValuePair<string, string>[] filters;
        EslLogLevel? logLevel;
        lock (_gate)
        {
            wanted = _wanted;
            filters = [.. _filters];
            logLevel = _logLevel;
        }

        var commands = new List<(IEslCommand Command, string Operation)> { (EventCommand([.. wanted.Names], [.. wanted.Subclasses], withInternal: true, wanted.All), "event") };
        if (filters.Length > 0)
        {
            commands.AddRange(InternalFilters().Concat(filters).Select(f => ((IEslCommand)EslCommands.FilterAdd(f.Key, f.Value), "filter")));
        }

        if (logLevel is { } level)
        {
            commands.Add((EslCommands.Log(level), "log"));
        }

        await session.Connection.SendAllCheckedAsync(commands, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    // withInternal: also the events EslKit needs itself (on connect; later subscriptions add to them).
    private EslEventCommand EventCommand(EslEventName[] names, string[] subclasses, bool withInternal, bool all = false)
    {
        var internalNames = withInternal ? _internalEvents : [];
        var allNames = (all ? [EslEventName.All] : Array.Empty<EslEventName>()).Concat(names).Concat(internalNames).Distinct();
        return EslCommands.Event(_options.EventFormat, [.. allNames], [.. subclasses]);
    }

    private void CompleteLogSubscriptions()
    {
        EslSubscription<EslLogEntry>[] subscribers;
        lock (_gate)
        {
            _logsCompleted = true;
            subscribers = _logSubscriptions;
            _logSubscriptions = [];
        }

        foreach (var subscription in subscribers)
        {
            subscription.Complete(null);
        }
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }

    /// <summary>The events the user asked FreeSWITCH for: an immutable snapshot the read loop checks.</summary>
    private sealed record Wanted(bool All, HashSet<EslEventName> Names, HashSet<string> Subclasses)
    {
        public static Wanted Nothing { get; } = new(false, [], new HashSet<string>(StringComparer.OrdinalIgnoreCase));

        public Wanted With(IEnumerable<EslEventName> names, IEnumerable<string> subclasses) => new(
            All || names.Contains(EslEventName.All),
            [.. Names, .. names.Where(n => n != EslEventName.All)],
            new HashSet<string>(Subclasses.Concat(subclasses), StringComparer.OrdinalIgnoreCase));

        public Wanted Without(IEnumerable<EslEventName> names, IEnumerable<string> subclasses) => new(
            All && !names.Contains(EslEventName.All),
            [.. Names.Except(names)],
            new HashSet<string>(Subclasses.Except(subclasses, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase));

        public bool Contains(EslEventName name, scoped ReadOnlySpan<byte> subclass)
        {
            if (All || (Names.Contains(name) && (name != EslEventName.Custom || Subclasses.Count == 0)))
            {
                return true;
            }

            if (name != EslEventName.Custom || subclass.IsEmpty)
            {
                return false;
            }

            foreach (string wanted in Subclasses)
            {
                if (Ascii.EqualsIgnoreCase(subclass, wanted))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
