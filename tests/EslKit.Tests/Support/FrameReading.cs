using System.Buffers;
using EslKit.Protocol;

namespace EslKit.Tests.Support;

/// <summary>Runs test code against the in-place frames of a stream (frames are ref structs, valid only during the call).</summary>
public static class FrameReading
{
    /// <summary>Applies <paramref name="select"/> to every frame of a complete stream, in order.</summary>
    public static List<T> Select<T>(byte[] stream, Func<EslFrame, T> select)
    {
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(stream);
        var results = new List<T>();
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            results.Add(select(frame));
        }

        reader.Complete(buffer);
        return results;
    }

    /// <summary>Applies <paramref name="select"/> to the first frame of <paramref name="stream"/>.</summary>
    public static T First<T>(byte[] stream, Func<EslFrame, T> select)
    {
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(stream);
        Assert.True(reader.TryReadFrame(ref buffer, out var frame), "no complete frame");
        return select(frame);
    }
}
