using System.Buffers;
using EslKit.Protocol;

namespace EslKit.Tests.Support;

/// <summary>Feeds bytes to an <see cref="EslFrameReader"/> the way a pipe would, and collects what comes out.</summary>
public static class FrameFeeder
{
    /// <summary>Parses a complete, possibly multi-segment buffer as one read followed by the end of the stream.</summary>
    public static List<ParsedFrame> ParseAll(ReadOnlySequence<byte> data, EslParserLimits? limits = null)
    {
        using var reader = new EslFrameReader(limits);
        var frames = new List<ParsedFrame>();
        var buffer = data;
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            frames.Add(ParsedFrame.From(frame));
        }

        reader.Complete(buffer);
        return frames;
    }

    public static List<ParsedFrame> ParseAll(byte[] data, EslParserLimits? limits = null) =>
        ParseAll(new ReadOnlySequence<byte>(data), limits);

    /// <summary>
    /// Delivers <paramref name="data"/> in reads of the given sizes (each read one new segment), calling the
    /// reader after every read with the unconsumed data, then ends the stream.
    /// </summary>
    public static List<ParsedFrame> ParseIncrementally(byte[] data, IEnumerable<int> readSizes, EslParserLimits? limits = null)
    {
        var result = new List<ParsedFrame>();
        var error = ParseIncrementally(data, readSizes, limits, result);
        if (error is not null)
        {
            throw error;
        }

        return result;
    }

    /// <summary>As above, but returns the protocol error (if any) alongside the frames parsed before it.</summary>
    public static EslProtocolException? ParseIncrementally(byte[] data, IEnumerable<int> readSizes, EslParserLimits? limits, List<ParsedFrame> frames) =>
        Feed(data, readSizes, limits, (in EslFrame frame) => frames.Add(ParsedFrame.From(frame)));

    /// <summary>
    /// Delivers <paramref name="data"/> in reads of the given sizes (each read one new segment), handing every
    /// frame to <paramref name="visit"/> as the reader returns it, then ends the stream. Returns the protocol
    /// error that stopped it, if any.
    /// </summary>
    public static EslProtocolException? Feed(byte[] data, IEnumerable<int> readSizes, EslParserLimits? limits, FrameVisitor visit)
    {
        var segments = EslKit.Shared.SegmentedSequence.Cut(data, readSizes);
        var all = TestSequence.Create(segments);
        using var reader = new EslFrameReader(limits);
        long consumed = 0;
        long available = 0;
        try
        {
            foreach (var segment in segments)
            {
                available += segment.Length;
                var buffer = all.Slice(consumed, available - consumed);
                while (reader.TryReadFrame(ref buffer, out var frame))
                {
                    visit(frame);
                }

                consumed = available - buffer.Length;
            }

            reader.Complete(all.Slice(consumed));
            return null;
        }
        catch (EslProtocolException ex)
        {
            return ex;
        }
    }

    /// <summary>Sees one frame while it is valid.</summary>
    public delegate void FrameVisitor(in EslFrame frame);
}
