using System.Buffers;

namespace EslKit.Shared;

/// <summary>
/// Builds multi-segment <see cref="ReadOnlySequence{T}"/>s the way a pipe hands out received data. One
/// source file, linked into the tests, the fuzzer and the benchmarks.
/// </summary>
internal static class SegmentedSequence
{
    /// <summary>A sequence of the given segments, in order.</summary>
    public static ReadOnlySequence<byte> Create(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        if (segments.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(segments[0], 0);
        var last = first;
        for (int i = 1; i < segments.Count; i++)
        {
            last = last.Append(segments[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>
    /// Cuts <paramref name="data"/> into reads of the given sizes (each at least one byte); whatever the sizes
    /// leave over is one last read.
    /// </summary>
    public static List<ReadOnlyMemory<byte>> Cut(byte[] data, IEnumerable<int> readSizes)
    {
        var segments = new List<ReadOnlyMemory<byte>>();
        int offset = 0;
        foreach (int size in readSizes)
        {
            if (offset >= data.Length)
            {
                break;
            }

            int n = Math.Min(Math.Max(size, 1), data.Length - offset);
            segments.Add(data.AsMemory(offset, n));
            offset += n;
        }

        if (offset < data.Length)
        {
            segments.Add(data.AsMemory(offset));
        }

        return segments;
    }

    /// <summary>The data in segments of <paramref name="segmentSize"/> bytes (one segment when 0 or larger than the data).</summary>
    public static ReadOnlySequence<byte> FixedSize(byte[] data, int segmentSize) =>
        segmentSize <= 0 || segmentSize >= data.Length
            ? new ReadOnlySequence<byte>(data)
            : Create(Cut(data, Enumerable.Repeat(segmentSize, (data.Length / segmentSize) + 1)));

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
