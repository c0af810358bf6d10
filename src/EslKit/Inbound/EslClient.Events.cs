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

    // What FreeSWITCH is asked for: the explicit requests (RequestEventsAsync) and what the open SubscribeAsync
    // streams need, counted. Guarded by _gate; their union is published in _wanted, an immutable snapshot the
    // read loop checks and a reconnect re-applies. _eventsGate orders each change with the command that makes it.
    private readonly SemaphoreSlim _eventsGate = new(1, 1);
    private readonly Dictionary<EslEventName, int> _streamNames = [];
    private readonly Dictionary<string, int> _streamSubclasses = new(StringComparer.OrdinalIgnoreCase);
    private Wanted _requested = Wanted.Nothing;
    private Wanted _wanted = Wanted.Nothing;
    private readonly List<KeyValuePair<string, string>> _filters = [];
    private EslLogLevel? _logLevel;
    private EslSubscription<EslLogEntry>[] _logSubscriptions = [];
    private EslEventViewHandler[] _viewHandlers = [];
    private bool _logsCompleted;

    /// <summary>
    /// Asks FreeSWITCH to send these events (<c>event &lt;format&gt; …</c>; requests add up). CUSTOM events are
    /// requested by subclass. It opens no stream: read them with <see cref="OpenEventStream"/> or
    /// <see cref="AddEventHandler"/>, or use <see cref="SubscribeAsync"/>, which does both. Re-applied after
    /// every reconnect; withdrawn only by <see cref="StopEventsAsync"/> / <see cref="StopAllEventsAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No event and no subclass, an unknown name, or a subclass that is not one word.</exception>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused.</exception>
    public async Task RequestEventsAsync(IEnumerable<EslEventName> names, IEnumerable<string>? customSubclasses = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var (nameList, subclassList) = CheckEvents(names, customSubclasses ?? [], nameof(names));
        await _eventsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Recorded before sending: FreeSWITCH starts sending right after its +OK, before this method resumes.
            Wanted before;
            lock (_gate)
            {
                before = _requested;
                _requested = _requested.With(nameList, subclassList);
                _wanted = UnionOfRequests();
            }

            try
            {
                await CommandAsync(EventCommand(nameList, subclassList, withInternal: false), "event", cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lock (_gate)
                {
                    _requested = before;
                    _wanted = UnionOfRequests();
                }

                throw;
            }
        }
        finally
        {
            _eventsGate.Release();
        }
    }

    /// <summary>Asks FreeSWITCH to send these events (see the other overload).</summary>
    public Task RequestEventsAsync(params EslEventName[] names) => RequestEventsAsync(names, null, CancellationToken.None);

    /// <summary>
    /// Asks FreeSWITCH for the selector's events (its names and CUSTOM subclasses; <see cref="EslEventName.All"/>
    /// for every event) and returns a stream of exactly the events that match it, opened before the request so
    /// nothing in between is missed. Disposing the stream stops (<c>nixevent</c>, in the background) the events
    /// that neither another open stream nor <see cref="RequestEventsAsync(IEnumerable{EslEventName}, IEnumerable{string}?, CancellationToken)"/> still wants; the others keep coming.
    /// </summary>
    /// <example>
    /// <code>
    /// await using var hangups = await client.SubscribeAsync(EslEventSelector.ForNames(EslEventName.ChannelHangupComplete), cancellationToken: ct);
    /// await foreach (var e in hangups.ReadAllAsync(ct)) { … }
    /// </code>
    /// </example>
    /// <exception cref="ArgumentException">The selector names no event and no subclass, or an invalid one.</exception>
    /// <exception cref="EslConnectionLostException">Not connected.</exception>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused.</exception>
    public async Task<EslSubscription<EslEvent>> SubscribeAsync(EslEventSelector selector, EslSubscriptionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var (names, subclasses) = CheckEvents(selector.Names, selector.Subclasses, nameof(selector));
        CurrentSession(); // fail fast, before anything is recorded
        await _eventsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        EslSubscription<EslEvent> stream;
        try
        {
            var interest = new StreamInterest(names, subclasses);
            lock (_gate)
            {
                AddInterest(interest, +1);
                _wanted = UnionOfRequests();
            }

            stream = _router.Add(selector, options ?? _options.Subscription, () => _ = ReleaseInterestAsync(interest));
            try
            {
                await CommandAsync(EventCommand(names, subclasses, withInternal: false), "event", cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Its release waits for this method to let go of the gate, then withdraws what nobody else wants.
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _eventsGate.Release();
        }

        return stream;
    }

    /// <summary>
    /// Withdraws <see cref="RequestEventsAsync(IEnumerable{EslEventName}, IEnumerable{string}?, CancellationToken)"/> requests (<c>nixevent</c>). Events an open
    /// <see cref="SubscribeAsync"/> stream still needs keep coming, and those EslKit needs itself
    /// (BACKGROUND_JOB, HEARTBEAT) keep coming but are not delivered.
    /// </summary>
    public async Task StopEventsAsync(IEnumerable<EslEventName> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var nameList = names.ToArray();
        if (nameList.Contains(EslEventName.All))
        {
            // FreeSWITCH's "nixevent ALL" clears every event, EslKit's own too: do it the way that restores them.
            await StopAllEventsAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await _eventsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Wanted after;
            EslEventName[] stopped;
            lock (_gate)
            {
                after = _requested.Without(nameList, []);
                var union = Union(after);
                stopped = union.All ? [] : nameList.Where(n => !union.Names.Contains(n) && !_internalEvents.Contains(n)).Distinct().ToArray();
            }

            if (stopped.Length > 0)
            {
                await CommandAsync(EslCommands.NixEvent([.. stopped]), "nixevent", cancellationToken).ConfigureAwait(false);
            }

            lock (_gate)
            {
                _requested = after;
                _wanted = UnionOfRequests();
            }
        }
        finally
        {
            _eventsGate.Release();
        }
    }

    /// <summary>
    /// Withdraws every <see cref="RequestEventsAsync(IEnumerable{EslEventName}, IEnumerable{string}?, CancellationToken)"/> request (<c>noevents</c>, then <c>event</c> for what open
    /// <see cref="SubscribeAsync"/> streams and EslKit itself still need).
    /// </summary>
    public async Task StopAllEventsAsync(CancellationToken cancellationToken = default)
    {
        await _eventsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Wanted left;
            lock (_gate)
            {
                _requested = Wanted.Nothing;
                left = _wanted = UnionOfRequests();
            }

            // Both at once: no BACKGROUND_JOB can slip between the two, and one cancellation cannot split them.
            await CurrentSession().Connection.SendAllCheckedAsync(
                [(EslCommands.NoEvents(), "noevents"), (EventCommand([.. left.Names], [.. left.Subclasses], withInternal: true, left.All), "event")],
                _options.CommandTimeout,
                CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _eventsGate.Release();
        }
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
    /// Opens a local stream of the events the client receives that match <paramref name="selector"/>, in the
    /// order FreeSWITCH sent them. It asks FreeSWITCH for nothing, it only filters what arrives: ask for events
    /// with <see cref="RequestEventsAsync(IEnumerable{EslEventName}, IEnumerable{string}?, CancellationToken)"/>,
    /// or use <see cref="SubscribeAsync"/>, which does both.
    /// </summary>
    public EslSubscription<EslEvent> OpenEventStream(EslEventSelector? selector = null, EslSubscriptionOptions? options = null) =>
        _router.Add(selector ?? EslEventSelector.All, options ?? _options.Subscription);

    /// <summary>Reads matching events until cancelled (a local stream for the life of the enumeration; see <see cref="OpenEventStream"/>).</summary>
    public IAsyncEnumerable<EslEvent> ReadEventsAsync(EslEventSelector? selector = null, CancellationToken cancellationToken = default) =>
        OpenEventStream(selector).ReadAllThenDisposeAsync(cancellationToken);

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

    private static (EslEventName[] Names, string[] Subclasses) CheckEvents(IEnumerable<EslEventName> names, IEnumerable<string> subclasses, string field)
    {
        var nameList = names.Distinct().ToArray();
        var subclassList = subclasses.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (nameList.Length == 0 && subclassList.Length == 0)
        {
            throw new ArgumentException("Name at least one event or CUSTOM subclass (EslEventName.All for every event).", field);
        }

        if (nameList.Any(n => n == EslEventName.Unknown || !Enum.IsDefined(n)) || subclassList.Any(s => string.IsNullOrWhiteSpace(s) || s.Contains(' ', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Event names must be known and subclasses single words.", field);
        }

        return (nameList, subclassList);
    }

    // Under _gate: what the explicit requests and the open streams need together.
    private Wanted UnionOfRequests() => Union(_requested);

    private Wanted Union(Wanted requested) => new(
        requested.All || _streamNames.ContainsKey(EslEventName.All),
        [.. requested.Names, .. _streamNames.Keys.Where(n => n != EslEventName.All)],
        new HashSet<string>(requested.Subclasses.Concat(_streamSubclasses.Keys), StringComparer.OrdinalIgnoreCase));

    // Under _gate.
    private void AddInterest(StreamInterest interest, int delta)
    {
        foreach (var name in interest.Names)
        {
            Count(_streamNames, name, delta);
        }

        foreach (string subclass in interest.Subclasses)
        {
            Count(_streamSubclasses, subclass, delta);
        }

        static void Count<TKey>(Dictionary<TKey, int> counts, TKey key, int delta)
            where TKey : notnull
        {
            int count = counts.GetValueOrDefault(key) + delta;
            if (count > 0)
            {
                counts[key] = count;
            }
            else
            {
                counts.Remove(key);
            }
        }
    }

    /// <summary>A stream was disposed: forget what it needed, and stop what nobody else wants.</summary>
    private async Task ReleaseInterestAsync(StreamInterest interest)
    {
        await _eventsGate.WaitAsync().ConfigureAwait(false);
        try
        {
            Wanted before;
            Wanted after;
            lock (_gate)
            {
                before = _wanted;
                AddInterest(interest, -1);
                after = _wanted = UnionOfRequests();
            }

            if (after.All)
            {
                return; // everything keeps coming anyway
            }

            if (before.All)
            {
                // FreeSWITCH has no "ALL but": start again from what is still wanted (and EslKit's own).
                await CurrentSession().Connection.SendAllCheckedAsync(
                    [(EslCommands.NoEvents(), "noevents"), (EventCommand([.. after.Names], [.. after.Subclasses], withInternal: true), "event")],
                    _options.CommandTimeout,
                    CancellationToken.None).ConfigureAwait(false);
                return;
            }

            // The CUSTOM name itself stays: without subclasses it only passes CUSTOM events that have none.
            var names = interest.Names.Where(n => n is not (EslEventName.All or EslEventName.Custom) && !after.Names.Contains(n) && !_internalEvents.Contains(n)).ToArray();
            var subclasses = interest.Subclasses.Where(s => !after.Subclasses.Contains(s)).ToArray();
            if (names.Length > 0 || subclasses.Length > 0)
            {
                await CommandAsync(EslCommands.NixEvent([.. names], [.. subclasses]), "nixevent", CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (EslConnectionLostException)
        {
            // Not connected: the next connection asks only for what is still wanted.
        }
        catch (Exception ex) when (ex is EslException or OperationCanceledException)
        {
            // The events keep arriving and are dropped unwanted (_wanted no longer has them).
            EslLog.EventsNotStopped(Logger, Endpoint, ex);
        }
        finally
        {
            _eventsGate.Release();
        }
    }

    // The events EslKit needs itself: decided once, from the options, for subscribing, filtering and nixevent alike.
    private static EslEventName[] InternalEventsFor(EslClientOptions options) =>
        !options.ChecksHeartbeat ? [EslEventName.BackgroundJob] : [EslEventName.BackgroundJob, EslEventName.Heartbeat];

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

    /// <summary>What one SubscribeAsync stream asked FreeSWITCH for.</summary>
    private sealed record StreamInterest(EslEventName[] Names, string[] Subclasses);

    /// <summary>Events asked of FreeSWITCH: an immutable snapshot the read loop checks.</summary>
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
