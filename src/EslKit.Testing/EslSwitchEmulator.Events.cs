using System.Globalization;
using EslKit.Protocol;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

public sealed partial class EslSwitchEmulator
{
    private const string DefaultCallingFile = "eslkit_emulator.c";
    private const string DefaultCallingFunction = "emulator_fire";

    // Where FreeSWITCH 1.11 fires the common events from (Event-Calling-*), as seen in the fixtures.
    private static readonly Dictionary<string, (string File, string Function, int Line)> CallingSites = new(StringComparer.Ordinal)
    {
        ["CHANNEL_CREATE"] = ("switch_core_state_machine.c", "switch_core_session_run", 626),
        ["CHANNEL_ORIGINATE"] = ("switch_core_state_machine.c", "switch_core_session_run", 632),
        ["CHANNEL_OUTGOING"] = ("switch_core_session.c", "switch_core_session_outgoing_channel", 768),
        ["CHANNEL_STATE"] = ("switch_channel.c", "switch_channel_perform_set_running_state", 2409),
        ["CHANNEL_CALLSTATE"] = ("switch_channel.c", "switch_channel_perform_set_callstate", 302),
        ["CHANNEL_ANSWER"] = ("switch_channel.c", "switch_channel_perform_mark_answered", 3848),
        ["CHANNEL_PROGRESS"] = ("switch_channel.c", "switch_channel_perform_mark_ring_ready_value", 3507),
        ["REQUEST_PARAMS"] = ("sofia.c", "sofia_handle_sip_i_invite", 10735),
        ["CHANNEL_EXECUTE"] = ("switch_core_session.c", "switch_core_session_exec", 2949),
        ["CHANNEL_EXECUTE_COMPLETE"] = ("switch_core_session.c", "switch_core_session_exec", 2972),
        ["CHANNEL_HANGUP"] = ("switch_channel.c", "switch_channel_perform_hangup", 3447),
        ["CHANNEL_HANGUP_COMPLETE"] = ("switch_core_state_machine.c", "switch_core_session_reporting_state", 943),
        ["CHANNEL_DESTROY"] = ("switch_core_session.c", "switch_core_session_perform_destroy", 1588),
        ["CHANNEL_PARK"] = ("switch_ivr.c", "switch_ivr_park", 1002),
        ["CHANNEL_UNPARK"] = ("switch_ivr.c", "switch_ivr_park", 1213),
        ["CHANNEL_DATA"] = ("mod_commands.c", "uuid_dump_function", 6495),
        ["CALL_UPDATE"] = ("switch_channel.c", "switch_channel_flip_cid", 3279),
        ["DTMF"] = ("switch_channel.c", "switch_channel_dequeue_dtmf", 678),
        ["PLAYBACK_START"] = ("switch_ivr_play_say.c", "switch_ivr_play_file", 1649),
        ["PLAYBACK_STOP"] = ("switch_ivr_play_say.c", "switch_ivr_play_file", 2023),
        ["API"] = ("switch_loadable_module.c", "switch_api_execute", 3140),
        ["BACKGROUND_JOB"] = ("mod_event_socket.c", "api_exec", 1580),
        ["HEARTBEAT"] = ("switch_core.c", "send_heartbeat", 95),
        ["ADD_SCHEDULE"] = ("switch_scheduler.c", "switch_scheduler_add_task_ex", 266),
        ["DEL_SCHEDULE"] = ("switch_scheduler.c", "task_thread_loop", 151),
    };

    /// <summary>
    /// Creates an event with FreeSWITCH's standard headers in FreeSWITCH's order — <c>Event-Name</c>,
    /// <c>Core-UUID</c>, <c>FreeSWITCH-Hostname</c>, <c>-Switchname</c>, <c>-IPv4</c>, <c>-IPv6</c>,
    /// <c>Event-Date-Local</c>, <c>-GMT</c>, <c>-Timestamp</c>, <c>Event-Calling-File</c>, <c>-Function</c>,
    /// <c>-Line-Number</c>, <c>Event-Sequence</c> — then <c>Event-Subclass</c> for CUSTOM. Add the event's own
    /// headers after these and publish it.
    /// </summary>
    /// <param name="name">A FreeSWITCH event type (ignoring case), e.g. <c>CHANNEL_ANSWER</c> or <c>CUSTOM</c>.</param>
    /// <param name="subclass">The subclass of a CUSTOM event, e.g. <c>sofia::gateway_state</c>.</param>
    /// <param name="callingFile">Event-Calling-File; defaults to where FreeSWITCH fires that event (when known).</param>
    /// <param name="callingFunction">Event-Calling-Function.</param>
    /// <param name="callingLine">Event-Calling-Line-Number.</param>
    /// <exception cref="ArgumentException">Not a FreeSWITCH event type.</exception>
    public EslEmulatorEvent CreateEvent(string name, string? subclass = null, string? callingFile = null, string? callingFunction = null, int? callingLine = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        int id = FsEventTypes.Lookup(name);
        if (id < 0 || id == FsEventTypes.All)
        {
            throw new ArgumentException($"'{name}' is not a FreeSWITCH event type; use CUSTOM with a subclass for your own events.", nameof(name));
        }

        string canonical = FsEventTypes.NameOf(id);
        var site = CallingSites.TryGetValue(canonical, out var known) ? known : (DefaultCallingFile, DefaultCallingFunction, 1);
        var ev = new EslEmulatorEvent(canonical, subclass);
        Stamp(ev, canonical, callingFile ?? site.Item1, callingFunction ?? site.Item2, callingLine ?? site.Item3);
        if (subclass is not null)
        {
            ev.AddHeader("Event-Subclass", subclass);
        }

        return ev;
    }

    /// <summary>
    /// Creates an event about <paramref name="channel"/>: the standard headers, then FreeSWITCH's channel
    /// data (<c>Channel-State</c>, <c>Channel-Call-State</c>, <c>Channel-State-Number</c>, <c>Channel-Name</c>,
    /// <c>Unique-ID</c>, <c>Call-Direction</c>, …, <c>Caller-*</c>) and a <c>variable_*</c> header per variable.
    /// </summary>
    public EslEmulatorEvent CreateChannelEvent(string name, EslEmulatorChannel channel, string? subclass = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var ev = CreateEvent(name, subclass);
        AppendChannelData(ev, channel);
        return ev;
    }

    /// <summary>
    /// Delivers <paramref name="ev"/> to every connection whose subscription (<c>event</c> names, CUSTOM
    /// subclasses, ALL, <c>myevents</c>) and filters accept it, serialised in each connection's format exactly
    /// as FreeSWITCH does. Completes once the event is queued on every such connection: each writes it
    /// between command packets, after any reply in progress, as FreeSWITCH's listener thread does.
    /// </summary>
    public ValueTask PublishAsync(EslEmulatorEvent ev, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ev);
        cancellationToken.ThrowIfCancellationRequested();
        Deliver(ev, only: null);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Sends a <c>log/data</c> frame to every connection that ran <c>log</c> with a level at or above
    /// <paramref name="level"/> (0 CONSOLE … 7 DEBUG). <paramref name="text"/> is the whole log line as
    /// FreeSWITCH formats it (e.g. <c>2026-11-20 21:47:25.199937 98.37% [INFO] file.c:12 text\n</c>).
    /// </summary>
    /// <param name="level">Log-Level.</param>
    /// <param name="text">The body.</param>
    /// <param name="file">Log-File.</param>
    /// <param name="function">Log-Func.</param>
    /// <param name="line">Log-Line.</param>
    /// <param name="userData">User-Data (the channel uuid for session logs; empty otherwise).</param>
    /// <param name="textChannel">Text-Channel (0 log, 1 clean log, 3 session).</param>
    /// <param name="cancellationToken">Cancels before queueing.</param>
    public ValueTask SendLogAsync(int level, string text, string file, string function, int line, string? userData = null, int textChannel = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(function);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] frame = FsText.LogData(level, textChannel, file, function, line, userData, text);
        foreach (var connection in ActiveConnections)
        {
            connection.TryDeliverLog(level, frame);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Fires a HEARTBEAT now (as the core does every <see cref="EslEmulatorOptions.HeartbeatInterval"/>).</summary>
    public ValueTask PublishHeartbeatAsync(CancellationToken cancellationToken = default) => PublishAsync(CreateHeartbeat(), cancellationToken);

    /// <summary>Builds the HEARTBEAT event FreeSWITCH's <c>send_heartbeat</c> fires.</summary>
    public EslEmulatorEvent CreateHeartbeat()
    {
        var up = Uptime;
        var stats = SessionStats();
        return CreateEvent("HEARTBEAT")
            .AddHeader("Event-Info", "System Ready")
            .AddHeader("Up-Time", FsText.Uptime(up))
            .AddHeader("FreeSWITCH-Version", _options.FreeSwitchVersion)
            .AddHeader("Uptime-msec", ((long)up.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))
            .AddHeader("Session-Count", stats.Current.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Max-Sessions", MaxSessions.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Session-Per-Sec", SessionsPerSecond.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Session-Per-Sec-Last", "0")
            .AddHeader("Session-Per-Sec-Max", Calls.MaxSessionsPerSecond.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Session-Per-Sec-FiveMin", Calls.MaxSessionsPerSecond.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Session-Since-Startup", stats.SinceStartup.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Session-Peak-Max", stats.Peak.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Session-Peak-FiveMin", stats.Peak.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Idle-CPU", "100.000000");
    }

    /// <summary>Queues a delivery copy of the event on the matching connections (all, or <paramref name="only"/>).</summary>
    internal void Deliver(EslEmulatorEvent ev, EslEmulatorConnection? only)
    {
        var delivery = ev.GetDelivery();
        if (only is not null)
        {
            only.TryDeliver(delivery);
            return;
        }

        foreach (var connection in ActiveConnections)
        {
            connection.TryDeliver(delivery);
        }

        DeliverToOutbound(delivery);
    }

    /// <summary>Adds the headers of <c>switch_event_prep_for_delivery</c> at the bottom and takes the next sequence number.</summary>
    internal void Stamp(EslEmulatorEvent ev, string eventName, string callingFile, string callingFunction, int callingLine)
    {
        long sequence = Interlocked.Increment(ref _nextSequence) - 1;
        var now = _options.TimeProvider.GetUtcNow();
        ev.AddHeader("Event-Name", eventName)
            .AddHeader("Core-UUID", _options.CoreUuid)
            .AddHeader("FreeSWITCH-Hostname", _options.Hostname)
            .AddHeader("FreeSWITCH-Switchname", _options.Switchname ?? _options.Hostname)
            .AddHeader("FreeSWITCH-IPv4", _options.IPv4)
            .AddHeader("FreeSWITCH-IPv6", _options.IPv6)
            .AddHeader("Event-Date-Local", FsText.DateLocal(now, _options.TimeProvider.LocalTimeZone))
            .AddHeader("Event-Date-GMT", FsText.DateGmt(now))
            .AddHeader("Event-Date-Timestamp", FsText.Microseconds(now).ToString(CultureInfo.InvariantCulture))
            .AddHeader("Event-Calling-File", callingFile)
            .AddHeader("Event-Calling-Function", callingFunction)
            .AddHeader("Event-Calling-Line-Number", callingLine.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Event-Sequence", sequence.ToString(CultureInfo.InvariantCulture));
    }

    private async Task RunHeartbeatAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(_lifetime.Token).ConfigureAwait(false))
        {
            await PublishHeartbeatAsync(_lifetime.Token).ConfigureAwait(false);
        }
    }

    /// <summary>One published event, with its frame serialised at most once per format.</summary>
    internal sealed class Delivery(FsEvent copy, int eventId, string? subclass)
    {
        private byte[]? _plain;
        private byte[]? _json;
        private byte[]? _xml;
        private string? _uniqueId;
        private bool _uniqueIdRead;

        public FsEvent Copy { get; } = copy;

        public int EventId { get; } = eventId;

        public string? Subclass { get; } = subclass;

        /// <summary>
        /// The event's Unique-ID, looked up once: every listener with <c>myevents</c> compares it, and an outbound call's
        /// events are offered to every other call's socket (a header scan each made delivery cost grow with the calls up).
        /// </summary>
        public string? UniqueId
        {
            get
            {
                if (!Volatile.Read(ref _uniqueIdRead))
                {
                    _uniqueId = Copy.Get("unique-id"); // the copy no longer changes: racing readers find the same value
                    Volatile.Write(ref _uniqueIdRead, true);
                }

                return _uniqueId;
            }
        }

        public byte[] Frame(EslEventFormat format) => format switch
        {
            EslEventFormat.Json => GetOrCreate(ref _json, format),
            EslEventFormat.Xml => GetOrCreate(ref _xml, format),
            _ => GetOrCreate(ref _plain, format),
        };

        private byte[] GetOrCreate(ref byte[]? slot, EslEventFormat format)
        {
            if (Volatile.Read(ref slot) is { } existing)
            {
                return existing;
            }

            byte[] created = FsSerializer.Frame(Copy, format);
            return Interlocked.CompareExchange(ref slot, created, null) ?? created;
        }
    }
}
