using System.Buffers;

namespace EslKit.Tests.Support;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s the way a pipe hands out received data.</summary>
public static class TestSequence
{
    public static ReadOnlySequence<byte> Create(IReadOnlyList<ReadOnlyMemory<byte>> segments) => EslKit.Shared.SegmentedSequence.Create(segments);

    /// <summary>Splits <paramref name="data"/> at the given offsets (ascending, inside the data).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] offsets)
    {
        var parts = new List<ReadOnlyMemory<byte>>();
        int start = 0;
        foreach (int offset in offsets)
        {
            parts.Add(data.AsMemory(start, offset - start));
            start = offset;
        }

        parts.Add(data.AsMemory(start));
        return Create(parts);
    }

    /// <summary>One byte per segment.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] data) =>
        Create(Enumerable.Range(0, data.Length).Select(i => (ReadOnlyMemory<byte>)data.AsMemory(i, 1)).ToArray());
}
