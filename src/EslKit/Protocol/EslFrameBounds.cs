namespace EslKit.Protocol;

/// <summary>
/// Where one complete frame lies in a buffer, as found by <see cref="EslFrameScanner"/>. All offsets
/// are counted from the start of the buffer that was scanned.
/// </summary>
public readonly record struct EslFrameBounds
{
    internal EslFrameBounds(long headerStart, long headerLength, long bodyStart, long bodyLength, long contentTypeStart, int contentTypeLength, long streamOffset)
    {
        HeaderStart = headerStart;
        HeaderLength = headerLength;
        BodyStart = bodyStart;
        BodyLength = bodyLength;
        ContentTypeStart = contentTypeStart;
        ContentTypeLength = contentTypeLength;
        StreamOffset = streamOffset;
    }

    /// <summary>Offset of the first header line (blank lines before a frame are skipped).</summary>
    public long HeaderStart { get; }

    /// <summary>Length of the header block, including the line feed of its last line, excluding the blank line.</summary>
    public long HeaderLength { get; }

    /// <summary>Offset of the first body byte (just after the blank line).</summary>
    public long BodyStart { get; }

    /// <summary>Body length in bytes: the frame's <c>Content-Length</c>, or 0 without one.</summary>
    public long BodyLength { get; }

    /// <summary>Offset of the <c>Content-Type</c> value, or -1 when the frame has none.</summary>
    public long ContentTypeStart { get; }

    /// <summary>Length of the <c>Content-Type</c> value (0 when absent).</summary>
    public int ContentTypeLength { get; }

    /// <summary>Position of the frame's first byte in the whole stream.</summary>
    public long StreamOffset { get; }

    /// <summary>Bytes to consume for this frame (leading blank lines, headers, blank line, body).</summary>
    public long FrameLength => BodyStart + BodyLength;
}
