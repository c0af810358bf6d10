using System.Diagnostics;
using System.Diagnostics.Metrics;
using EslKit.Protocol;

namespace EslKit.Diagnostics;

/// <summary>
/// The Meter and ActivitySource EslKit reports through, both named "EslKit". Instruments are created
/// once; recording checks <see cref="Instrument.Enabled"/> first so an unobserved meter costs nothing.
/// </summary>
public static class EslDiagnostics
{
    /// <summary>The name of the Meter and of the ActivitySource: <c>EslKit</c>.</summary>
    public const string Name = "EslKit";

    private static readonly string Version = typeof(EslDiagnostics).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Spans for api and bgapi (arguments redacted).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    internal static Meter Meter { get; } = new(Name, Version);

    internal static Counter<long> FramesReceived { get; } = Meter.CreateCounter<long>("eslkit.frames.received", "{frame}", "Frames received from FreeSWITCH, by content type.");

    internal static Counter<long> EventsReceived { get; } = Meter.CreateCounter<long>("eslkit.events.received", "{event}", "Events received from FreeSWITCH, by event name.");

    internal static Counter<long> BytesReceived { get; } = Meter.CreateCounter<long>("eslkit.bytes.received", "By", "Bytes received from FreeSWITCH.");

    internal static Counter<long> BytesSent { get; } = Meter.CreateCounter<long>("eslkit.bytes.sent", "By", "Bytes sent to FreeSWITCH.");

    internal static Histogram<double> CommandDuration { get; } = Meter.CreateHistogram<double>("eslkit.command.duration", "ms", "Time from sending a command to its reply (bgapi: to its BACKGROUND_JOB), by operation and outcome.");

    internal static Counter<long> Reconnects { get; } = Meter.CreateCounter<long>("eslkit.reconnects", "{reconnect}", "Reconnections after a lost connection.");

    internal static Counter<long> EventsDropped { get; } = Meter.CreateCounter<long>("eslkit.events.dropped", "{event}", "Events dropped because a subscriber's buffer was full.");

    internal static UpDownCounter<long> ActiveSessions { get; } = Meter.CreateUpDownCounter<long>("eslkit.outbound.sessions.active", "{session}", "Outbound sessions in progress.");

    internal static Counter<long> SessionsRefused { get; } = Meter.CreateCounter<long>("eslkit.outbound.sessions.refused", "{session}", "Outbound connections refused, by reason (not_allowed, max_sessions, stopping).");

    internal static Counter<long> HandlerFailures { get; } = Meter.CreateCounter<long>("eslkit.outbound.handler.failures", "{session}", "Outbound session handlers that threw.");

    internal static void CountEvent(EslEventName name)
    {
        if (EventsReceived.Enabled)
        {
            EventsReceived.Add(1, new KeyValuePair<string, object?>("event", name == EslEventName.Unknown ? "UNKNOWN" : EslEventNames.GetName(name)));
        }
    }

    internal static void RecordDuration(string operation, string outcome, long startTimestamp)
    {
        if (CommandDuration.Enabled)
        {
            CommandDuration.Record(
                Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds,
                new KeyValuePair<string, object?>("operation", operation),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
