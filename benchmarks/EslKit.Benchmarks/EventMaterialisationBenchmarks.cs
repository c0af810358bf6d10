using System.Buffers;
using BenchmarkDotNet.Attributes;
using EslKit.Protocol;

namespace EslKit.Benchmarks;

/// <summary>
/// The materialised event against the in-place view over the real captures: the first 61 events of
/// events-plain-all (of 63) or of events-json-all (all 61), already framed; one operation is one event (the
/// average over those).
/// Each reads the same five headers: Event-Name (as <see cref="EslEventName"/>), Unique-ID (as a Guid) and
/// Core-UUID, Event-Sequence, Event-Date-Timestamp (spans in place, strings when materialised).
/// </summary>
[MemoryDiagnoser]
public class EventMaterialisationBenchmarks
{
    // The json capture has 61 events; the plain one 63, of which the first 61 are used, so both divide alike.
    private const int EventsPerOperation = 61;

    private (EslEventFormat Format, byte[] Body)[] _events = [];

    /// <summary>The capture: plain or json events of a full call.</summary>
    [Params("events-plain-all", "events-json-all")]
    public string Capture { get; set; } = "events-plain-all";

    [GlobalSetup]
    public void Setup()
    {
        _events = ReadEvents(FixtureData.Read($"freeswitch/{Capture}.fs.bin"));
        if (_events.Length < EventsPerOperation)
        {
            throw new InvalidOperationException($"{Capture}: {_events.Length} events, fewer than {EventsPerOperation}.");
        }

        _events = _events[..EventsPerOperation];

        if (InPlaceReadFiveHeaders() != ToEventReadFiveHeaders())
        {
            throw new InvalidOperationException("The view and the materialised event read different values.");
        }
    }

    /// <summary>Reads the five headers in place: the parser's zero-allocation path.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerOperation)]
    public long InPlaceReadFiveHeaders()
    {
        long checksum = 0;
        foreach (var (format, body) in _events)
        {
            var view = View(format, body);
            checksum += (long)view.Name;
            if (view.TryGetUniqueId(out var id))
            {
                checksum += id.GetHashCode();
            }

            checksum += view.TryGetRawValue(EslHeaderNames.CoreUuid, out var core) ? core.Length : 0;
            checksum += view.TryGetRawValue(EslHeaderNames.EventSequence, out var sequence) ? sequence.Length : 0;
            checksum += view.TryGetRawValue(EslHeaderNames.EventDateTimestamp, out var timestamp) ? timestamp.Length : 0;
        }

        return checksum;
    }

    /// <summary>Materialises each event (<see cref="EslEventView.ToEvent"/>) and reads the five headers from it.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerOperation)]
    public long ToEventReadFiveHeaders()
    {
        long checksum = 0;
        foreach (var (format, body) in _events)
        {
            var owned = View(format, body).ToEvent();
            checksum += (long)owned.Name;
            if (owned.UniqueId is { } id)
            {
                checksum += id.GetHashCode();
            }

            checksum += owned["Core-UUID"]?.Length ?? 0;
            checksum += owned["Event-Sequence"]?.Length ?? 0;
            checksum += owned["Event-Date-Timestamp"]?.Length ?? 0;
        }

        return checksum;
    }

    /// <summary>Materialises each event and enumerates every header: what every materialised event cost before.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerOperation)]
    public long ToEventEnumerateHeaders()
    {
        long checksum = 0;
        foreach (var (format, body) in _events)
        {
            foreach (var header in View(format, body).ToEvent().Headers)
            {
                checksum += header.Value.Length;
            }
        }

        return checksum;
    }

    private static EslEventView View(EslEventFormat format, byte[] body) =>
        format == EslEventFormat.Plain ? EslEventView.FromPlain(body) : EslEventView.FromJson(body);

    private static (EslEventFormat, byte[])[] ReadEvents(byte[] capture)
    {
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(capture);
        var events = new List<(EslEventFormat, byte[])>();
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            if (frame.TryGetEvent(out var view))
            {
                events.Add((view.Format, view.Source.ToArray()));
            }
        }

        return [.. events];
    }
}
