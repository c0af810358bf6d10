using System.Buffers;
using BenchmarkDotNet.Attributes;
using EslKit.Protocol;

namespace EslKit.Benchmarks;

/// <summary>
/// Parses the real event captures frame by frame and reads five common headers of every event, against
/// a baseline that only scans the same bytes for "\n\n" (the speed limit of any ESL parser). One
/// operation is the whole capture; divide by the frame count for per-frame figures.
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private ReadOnlySequence<byte> _stream;
    private EslFrameReader _reader = null!;

    /// <summary>The capture: 63 plain or 61 json events of a full call, with their replies.</summary>
    [Params("events-plain-all", "events-json-all")]
    public string Capture { get; set; } = "events-plain-all";

    /// <summary>0: one segment; 4096: a default pipe's 4 KiB segments; 65536: the segments EslKit's connections use.</summary>
    [Params(0, 4096, 65536)]
    public int SegmentSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _stream = EslKit.Shared.SegmentedSequence.FixedSize(FixtureData.Read($"freeswitch/{Capture}.fs.bin"), SegmentSize);
        _reader = new EslFrameReader();
        if (ParseAndReadHeaders() == 0)
        {
            throw new InvalidOperationException("The capture produced no events.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _reader.Dispose();

    /// <summary>Counts every "\n\n" in the capture; nothing else.</summary>
    [Benchmark(Baseline = true)]
    public int ScanForBlankLines()
    {
        int count = 0;
        byte previous = 0;
        foreach (var memory in _stream)
        {
            var span = memory.Span;
            if (previous == (byte)'\n' && span[0] == (byte)'\n')
            {
                count++;
            }

            int i;
            while ((i = span.IndexOf("\n\n"u8)) >= 0)
            {
                count++;
                span = span[(i + 2)..];
            }

            previous = memory.Span[^1];
        }

        return count;
    }

    /// <summary>Frames the capture without looking into the events: the cost of framing alone.</summary>
    [Benchmark]
    public long FrameOnly()
    {
        _reader.Reset();
        var buffer = _stream;
        long checksum = 0;
        while (_reader.TryReadFrame(ref buffer, out var frame))
        {
            checksum += frame.Body.Length + (int)frame.ContentType;
        }

        return checksum;
    }

    /// <summary>
    /// Frames the capture and, for every event, reads Event-Name (as <see cref="EslEventName"/>), Unique-ID
    /// (parsed to a Guid, as dispatch by channel does) and Core-UUID, Event-Sequence and Event-Date-Timestamp (as spans).
    /// </summary>
    [Benchmark]
    public long ParseAndReadHeaders()
    {
        _reader.Reset();
        var buffer = _stream;
        long checksum = 0;
        while (_reader.TryReadFrame(ref buffer, out var frame))
        {
            if (!frame.TryGetEvent(out var view))
            {
                continue;
            }

            checksum += (long)view.Name;
            if (view.TryGetUniqueId(out var id))
            {
                checksum += id.GetHashCode();
            }

            if (view.TryGetRawValue(EslHeaderNames.CoreUuid, out var core))
            {
                checksum += core.Length;
            }

            if (view.TryGetRawValue(EslHeaderNames.EventSequence, out var sequence))
            {
                checksum += sequence.Length;
            }

            if (view.TryGetRawValue(EslHeaderNames.EventDateTimestamp, out var timestamp))
            {
                checksum += timestamp.Length;
            }
        }

        return checksum;
    }
}
