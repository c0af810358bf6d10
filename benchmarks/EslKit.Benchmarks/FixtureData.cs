using System.Buffers;

namespace EslKit.Benchmarks;

/// <summary>Loads the FreeSWITCH captures from ../shared/fixtures and shapes them as a pipe would deliver them.</summary>
public static class FixtureData
{
    public static byte[] Read(string relativePath)
    {
        string? root = Environment.GetEnvironmentVariable("ESLKIT_FIXTURES");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); root is null && dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EslKit.sln")))
            {
                root = Path.Combine(dir.FullName, "..", "shared", "fixtures");
            }
        }

        string path = Path.Combine(root ?? throw new InvalidOperationException("Cannot locate EslKit.sln to find ../shared/fixtures (or set ESLKIT_FIXTURES)."), relativePath);
        return File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException("FreeSWITCH fixture missing: check out ../shared beside the repository.", path);
    }

    /// <summary>The data as one segment, or cut into segments of <paramref name="segmentSize"/> bytes (a pipe's 4 KiB blocks).</summary>
    public static ReadOnlySequence<byte> AsSequence(byte[] data, int segmentSize)
    {
        if (segmentSize <= 0 || segmentSize >= data.Length)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new Segment(data.AsMemory(0, segmentSize), 0);
        var last = first;
        for (int offset = segmentSize; offset < data.Length; offset += segmentSize)
        {
            last = last.Append(data.AsMemory(offset, Math.Min(segmentSize, data.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

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
