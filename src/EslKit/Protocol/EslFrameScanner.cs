using System.Buffers;
using System.Text;

namespace EslKit.Protocol;

/// <summary>
/// Finds frame boundaries in a stream of ESL bytes. Resumable: when a frame is incomplete it remembers
/// how far it looked, so across reads no byte is searched twice (hand it the same buffer start plus the
/// new data). It reads <c>Content-Length</c> as a byte count and enforces the caps of
/// <see cref="EslParserLimits"/> before waiting for more data.
/// </summary>
/// <remarks>
/// A header block is <c>Name: value</c> lines ended by LF (a CR before it is tolerated) and closed by an
/// empty line. Blank lines before a frame are skipped (at most <see cref="EslParserLimits.MaxHeaderBlockBytes"/>
/// of them). Violations raise <see cref="EslProtocolException"/>;
/// a cap violation is reported the same way however the bytes were split across reads.
/// </remarks>
public struct EslFrameScanner
{
    private int _maxHeader;
    private int _maxBody;
    private long _streamOffset;

    // State of the frame being scanned; all offsets are relative to the buffer start.
    private long _frameStart;
    private long _lineStart;
    private long _searchFrom;
    private long _contentLength;
    private bool _hasContentLength;
    private long _contentTypeStart;
    private int _contentTypeLength;
    private bool _hasContentType;
    private bool _headerDone;
    private long _headerEnd;
    private long _bodyStart;

    /// <summary>Creates a scanner with the given limits (<see cref="EslParserLimits.Default"/> when null).</summary>
    public EslFrameScanner(EslParserLimits? limits)
    {
        limits ??= EslParserLimits.Default;
        limits.Validate();
        _maxHeader = limits.MaxHeaderBlockBytes;
        _maxBody = limits.MaxBodyBytes;
    }

    /// <summary>Bytes of the stream consumed by the frames returned so far.</summary>
    public readonly long StreamOffset => _streamOffset;

    /// <summary>
    /// True when the last scan stopped inside a frame: at the end of the stream that means the frame was cut short.
    /// </summary>
    public readonly bool HasPartialFrame(in ReadOnlySequence<byte> buffer) => buffer.Length > _frameStart;

    /// <summary>
    /// Looks for one complete frame at the start of <paramref name="buffer"/>.
    /// </summary>
    /// <returns>
    /// <see cref="OperationStatus.Done"/> with the frame's bounds (the caller consumes
    /// <see cref="EslFrameBounds.FrameLength"/> bytes before the next call), or
    /// <see cref="OperationStatus.NeedMoreData"/> (call again with the same start and more bytes).
    /// </returns>
    /// <exception cref="EslProtocolException">The bytes are not a valid frame or exceed a cap.</exception>
    public OperationStatus TryScan(in ReadOnlySequence<byte> buffer, out EslFrameBounds frame)
    {
        if (_maxHeader == 0)
        {
            this = new EslFrameScanner(null) { _streamOffset = _streamOffset };
        }

        frame = default;
        if (!_headerDone && !ScanHeader(buffer))
        {
            return OperationStatus.NeedMoreData;
        }

        long bodyLength = _hasContentLength ? _contentLength : 0;
        long end = _bodyStart + bodyLength;
        if (buffer.Length < end)
        {
            return OperationStatus.NeedMoreData;
        }

        frame = new EslFrameBounds(
            _frameStart,
            _headerEnd - _frameStart,
            _bodyStart,
            bodyLength,
            _hasContentType ? _contentTypeStart : -1,
            _hasContentType ? _contentTypeLength : 0,
            _streamOffset + _frameStart);
        _streamOffset += end;
        ResetFrame();
        return OperationStatus.Done;
    }

    /// <summary>Forgets a partially scanned frame (e.g. after a reconnect); the stream offset starts again at 0.</summary>
    public void Reset()
    {
        ResetFrame();
        _streamOffset = 0;
    }

    private void ResetFrame()
    {
        _frameStart = _lineStart = _searchFrom = 0;
        _contentLength = 0;
        _hasContentLength = false;
        _contentTypeStart = 0;
        _contentTypeLength = 0;
        _hasContentType = false;
        _headerDone = false;
        _headerEnd = 0;
        _bodyStart = 0;
    }

    private bool ScanHeader(in ReadOnlySequence<byte> buffer)
    {
        var first = buffer.FirstSpan;
        while (true)
        {
            long hit = IndexOfLineFeedOrNul(buffer, first, _searchFrom, out byte found);
            if (hit < 0)
            {
                _searchFrom = buffer.Length;
                long partial = buffer.Length - _lineStart;
                bool maybeBlank = partial == 0 || (partial == 1 && ByteAt(buffer, first, _lineStart) == (byte)'\r');
                // A line that cannot be blank will be part of the block, with its LF still to come.
                CheckHeaderSize(maybeBlank ? _lineStart - _frameStart : buffer.Length + 1 - _frameStart);
                return false;
            }

            if (found == 0)
            {
                CheckHeaderSize(hit + 2 - _frameStart);
                throw Error(EslProtocolError.MalformedHeaderLine, hit, "NUL byte in a header block");
            }

            long lineLength = hit - _lineStart;
            if (lineLength == 0 || (lineLength == 1 && ByteAt(buffer, first, _lineStart) == (byte)'\r'))
            {
                if (_lineStart == _frameStart)
                {
                    // A blank line before any header: padding between frames, skip it. The caller keeps
                    // skipped padding buffered until a frame completes, so it is capped like a header block
                    // (else endless line feeds would grow the buffer without limit).
                    if (hit + 1 > _maxHeader)
                    {
                        throw Error(EslProtocolError.HeaderBlockTooLarge, 0, $"blank lines before a frame exceed {_maxHeader} bytes");
                    }

                    _frameStart = _lineStart = _searchFrom = hit + 1;
                    continue;
                }

                CheckHeaderSize(_lineStart - _frameStart);
                _headerEnd = _lineStart;
                _bodyStart = hit + 1;
                _headerDone = true;
                return true;
            }

            CheckHeaderSize(hit + 1 - _frameStart);
            if (hit <= first.Length)
            {
                ReadHeaderLine(first.Slice((int)_lineStart, (int)lineLength), _lineStart);
            }
            else
            {
                // The line straddles segments (rare): read it from a contiguous copy.
                byte[] copy = ArrayPool<byte>.Shared.Rent((int)lineLength);
                try
                {
                    buffer.Slice(_lineStart, lineLength).CopyTo(copy);
                    ReadHeaderLine(copy.AsSpan(0, (int)lineLength), _lineStart);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(copy);
                }
            }

            _lineStart = _searchFrom = hit + 1;
        }
    }

    private readonly void CheckHeaderSize(long atLeast)
    {
        if (atLeast > _maxHeader)
        {
            throw Error(EslProtocolError.HeaderBlockTooLarge, _frameStart, $"header block exceeds {_maxHeader} bytes");
        }
    }

    private void ReadHeaderLine(ReadOnlySpan<byte> line, long start)
    {
        int colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            throw Error(EslProtocolError.MalformedHeaderLine, start, colon == 0 ? "header line with an empty name" : "header line without ':'");
        }

        if (colon == 14 && Ascii.EqualsIgnoreCase(line[..14], "Content-Length"u8))
        {
            ReadContentLength(line[15..], start);
        }
        else if (colon == 12 && !_hasContentType && Ascii.EqualsIgnoreCase(line[..12], "Content-Type"u8))
        {
            var value = line[13..];
            int leading = value.Length - value.TrimStart(" \t"u8).Length;
            value = value[leading..];
            if (!value.IsEmpty && value[^1] == (byte)'\r')
            {
                value = value[..^1];
            }

            _contentTypeStart = start + 13 + leading;
            _contentTypeLength = value.Length;
            _hasContentType = true;
        }
    }

    private void ReadContentLength(ReadOnlySpan<byte> value, long lineStart)
    {
        if (_hasContentLength)
        {
            throw Error(EslProtocolError.DuplicateContentLength, lineStart, "Content-Length appears twice");
        }

        value = value.TrimStart(" \t"u8).TrimEnd(" \t\r"u8);

        // Syntax first, then size: the error must not depend on where a stray byte sits in a long number.
        if (value.IsEmpty || value.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            throw Error(EslProtocolError.InvalidContentLength, lineStart, "Content-Length is not a non-negative decimal number");
        }

        long n = 0;
        foreach (byte b in value)
        {
            // n never exceeds _maxBody * 10 + 9 here, so any number of digits is safe.
            n = (n * 10) + (b - '0');
            if (n > _maxBody)
            {
                throw Error(EslProtocolError.BodyTooLarge, lineStart, $"Content-Length exceeds {_maxBody} bytes");
            }
        }

        _contentLength = n;
        _hasContentLength = true;
    }

    private readonly EslProtocolException Error(EslProtocolError error, long relativeOffset, string detail) =>
        new(error, _streamOffset + relativeOffset, detail);

    private static byte ByteAt(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> first, long index) =>
        index < first.Length ? first[(int)index] : buffer.Slice(index, 1).FirstSpan[0];

    private static long IndexOfLineFeedOrNul(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> first, long from, out byte found)
    {
        found = 0;
        if (from < first.Length)
        {
            int i = first[(int)from..].IndexOfAny((byte)'\n', (byte)0);
            if (i >= 0)
            {
                found = first[(int)from + i];
                return from + i;
            }

            if (buffer.IsSingleSegment)
            {
                return -1;
            }

            from = first.Length;
        }
        else if (from >= buffer.Length)
        {
            return -1;
        }

        long position = from;
        foreach (var memory in buffer.Slice(from))
        {
            int i = memory.Span.IndexOfAny((byte)'\n', (byte)0);
            if (i >= 0)
            {
                found = memory.Span[i];
                return position + i;
            }

            position += memory.Length;
        }

        return -1;
    }
}
