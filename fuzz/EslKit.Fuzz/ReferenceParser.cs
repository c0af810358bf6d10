using EslKit.Protocol;

namespace EslKit.Fuzz;

/// <summary>
/// The ESL framing rules written for clarity, not speed: one pass over a complete input, byte by byte. The
/// fuzzer checks <see cref="EslFrameReader"/> against it. The rules:
/// <list type="bullet">
/// <item>Blank lines (LF or CR LF) before a frame are skipped; at most MaxHeaderBlockBytes of them.</item>
/// <item>A header block is lines ended by LF, closed by a blank line (empty, or a lone CR). Its size runs from
/// its first byte to the LF of its last line, and may not pass MaxHeaderBlockBytes. That is reported as soon as
/// it is certain: at a line's LF, at a NUL (the line will need at least one more byte, its LF), or at the end
/// of the input inside a line that cannot be blank.</item>
/// <item>A NUL anywhere in a header block (or in the blank lines before it) is an error at the NUL.</item>
/// <item>A line is split at its first ':'; no ':' or an empty name is an error at the line.</item>
/// <item>A name equal to Content-Length (ASCII case-insensitive, nothing trimmed) gives the body length: its
/// value without leading spaces/tabs and trailing spaces/tabs/CRs must be digits only (else an error), a second
/// one is an error, and a value over MaxBodyBytes is an error, all at the line.</item>
/// <item>The first Content-Type gives the content type: its value without leading spaces/tabs and one trailing CR.</item>
/// <item>The body is exactly Content-Length bytes (none without one).</item>
/// <item>Input ending inside a frame (anything but whole blank lines after the last frame) is a truncated
/// frame, reported at the end of the last complete frame.</item>
/// </list>
/// </summary>
internal static class ReferenceParser
{
    private static readonly string[] KnownTypes =
    [
        "auth/request", "command/reply", "api/response", "text/event-plain", "text/event-json", "text/event-xml",
        "log/data", "text/disconnect-notice", "text/rude-rejection",
    ];

    private static readonly EslContentType[] KnownTypeValues =
    [
        EslContentType.AuthRequest, EslContentType.CommandReply, EslContentType.ApiResponse, EslContentType.EventPlain,
        EslContentType.EventJson, EslContentType.EventXml, EslContentType.LogData, EslContentType.DisconnectNotice,
        EslContentType.RudeRejection,
    ];

    public static ParseOutcome Parse(byte[] data, EslParserLimits limits)
    {
        var frames = new List<FrameRecord>();
        int endOfLastFrame = 0;
        while (true)
        {
            var (frame, error) = ParseOneFrame(data, endOfLastFrame, limits);
            if (error is not null)
            {
                return new ParseOutcome(frames, error);
            }

            if (frame is null)
            {
                return new ParseOutcome(frames, null); // only blank lines were left
            }

            frames.Add(frame);
            endOfLastFrame = (int)(frame.Offset + frame.FrameLengthFromOffset);
        }
    }

    private static (FrameRecord? Frame, ErrorRecord? Error) ParseOneFrame(byte[] data, int start, EslParserLimits limits)
    {
        int max = limits.MaxHeaderBlockBytes;
        int frameStart = start;   // moves past blank lines until the first header line
        int lineStart = start;
        long? contentLength = null;
        byte[]? contentType = null;

        for (int i = start; i < data.Length; i++)
        {
            byte b = data[i];
            if (b == 0)
            {
                return (null, i + 2 - frameStart > max ? TooLarge(frameStart) : new ErrorRecord(EslProtocolError.MalformedHeaderLine, i));
            }

            if (b != (byte)'\n')
            {
                continue;
            }

            var line = data.AsSpan(lineStart, i - lineStart);
            bool blank = line.Length == 0 || (line.Length == 1 && line[0] == (byte)'\r');
            if (blank && lineStart == frameStart)
            {
                // Padding before the frame.
                if (i + 1 - start > max)
                {
                    return (null, TooLarge(start));
                }

                frameStart = lineStart = i + 1;
                continue;
            }

            if (blank)
            {
                // End of the header block; the body follows the blank line.
                int bodyStart = i + 1;
                long bodyLength = contentLength ?? 0;
                if (bodyStart + bodyLength > data.Length)
                {
                    return (null, new ErrorRecord(EslProtocolError.TruncatedFrame, start));
                }

                var frame = new FrameRecord(
                    frameStart,
                    Classify(contentType),
                    contentType ?? [],
                    data[frameStart..lineStart],
                    data[bodyStart..(int)(bodyStart + bodyLength)],
                    bodyStart + bodyLength - frameStart);
                return (frame, null);
            }

            if (i + 1 - frameStart > max)
            {
                return (null, TooLarge(frameStart));
            }

            var lineError = ReadLine(line, lineStart, limits, ref contentLength, ref contentType);
            if (lineError is not null)
            {
                return (null, lineError);
            }

            lineStart = i + 1;
        }

        // The input ended inside a line or a block.
        var partial = data.AsSpan(lineStart);
        bool mayBeBlank = partial.Length == 0 || (partial.Length == 1 && partial[0] == (byte)'\r');
        if (!mayBeBlank && data.Length + 1 - frameStart > max)
        {
            return (null, TooLarge(frameStart));
        }

        return data.Length > frameStart ? (null, new ErrorRecord(EslProtocolError.TruncatedFrame, start)) : (null, null);
    }

    private static ErrorRecord? ReadLine(ReadOnlySpan<byte> line, int lineStart, EslParserLimits limits, ref long? contentLength, ref byte[]? contentType)
    {
        int colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return new ErrorRecord(EslProtocolError.MalformedHeaderLine, lineStart);
        }

        var name = line[..colon];
        var value = line[(colon + 1)..];
        if (AsciiEqualsIgnoreCase(name, "Content-Length"))
        {
            if (contentLength is not null)
            {
                return new ErrorRecord(EslProtocolError.DuplicateContentLength, lineStart);
            }

            var digits = value.TrimStart(" \t"u8).TrimEnd(" \t\r"u8);
            if (digits.IsEmpty)
            {
                return new ErrorRecord(EslProtocolError.InvalidContentLength, lineStart);
            }

            foreach (byte d in digits)
            {
                if (d is < (byte)'0' or > (byte)'9')
                {
                    return new ErrorRecord(EslProtocolError.InvalidContentLength, lineStart);
                }
            }

            var number = System.Numerics.BigInteger.Parse(System.Text.Encoding.ASCII.GetString(digits), System.Globalization.CultureInfo.InvariantCulture);
            if (number > limits.MaxBodyBytes)
            {
                return new ErrorRecord(EslProtocolError.BodyTooLarge, lineStart);
            }

            contentLength = (long)number;
        }
        else if (contentType is null && AsciiEqualsIgnoreCase(name, "Content-Type"))
        {
            var type = value.TrimStart(" \t"u8);
            if (!type.IsEmpty && type[^1] == (byte)'\r')
            {
                type = type[..^1];
            }

            contentType = type.ToArray();
        }

        return null;
    }

    private static EslContentType Classify(byte[]? contentType)
    {
        if (contentType is null)
        {
            return EslContentType.None;
        }

        for (int k = 0; k < KnownTypes.Length; k++)
        {
            if (AsciiEqualsIgnoreCase(contentType, KnownTypes[k]))
            {
                return KnownTypeValues[k];
            }
        }

        return EslContentType.Unknown;
    }

    private static bool AsciiEqualsIgnoreCase(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (int k = 0; k < bytes.Length; k++)
        {
            if (bytes[k] >= 0x80 || char.ToLowerInvariant((char)bytes[k]) != char.ToLowerInvariant(text[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static ErrorRecord TooLarge(int offset) => new(EslProtocolError.HeaderBlockTooLarge, offset);
}
