using System.Buffers;
using System.Text;
using EslKit.Protocol;
using EslKit.Tests.Support;

namespace EslKit.Tests.Protocol;

/// <summary>
/// What a broken or hostile peer can send, one test each: the exact error, where it is reported, that it is
/// reported the same however the bytes arrive, and that the message never repeats what was received.
/// </summary>
public sealed class HostileInputTests
{
    // Looks like a credential; must never appear in an exception message.
    private const string Marker = "LabSecret!42-do-not-log";
    private static readonly byte[] Banner = "Content-Type: auth/request\n\n"u8.ToArray();

    [Theory]
    [InlineData("2147483648")] // 2 GiB
    [InlineData("2147483647")]
    [InlineData("16777217")] // one byte over the 16 MiB default
    [InlineData("1000000000000000000000000000000")] // 10^30
    [InlineData("99999999999999999999999999999999999999999999999999")]
    public void Huge_content_length_is_refused_before_any_body_is_awaited(string length)
    {
        byte[] data = [.. Banner, .. Ascii($"Content-Type: api/response\nContent-Length: {length}\n\n")];
        var ex = ParseError(data);

        Assert.Equal(EslProtocolError.BodyTooLarge, ex.Error);
        Assert.Equal(Banner.Length + "Content-Type: api/response\n".Length, ex.Offset); // the Content-Length line
    }

    [Fact]
    public void Content_length_at_the_limit_is_accepted()
    {
        var limits = new EslParserLimits { MaxBodyBytes = 10 };
        var frames = FrameFeeder.ParseAll(Ascii("Content-Type: api/response\nContent-Length: 0010\n\n0123456789"), limits);
        Assert.Equal("0123456789", Assert.Single(frames).Body);

        var ex = ParseError(Ascii("Content-Type: api/response\nContent-Length: 11\n\n0123456789X"), limits);
        Assert.Equal(EslProtocolError.BodyTooLarge, ex.Error);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-2147483648")]
    [InlineData("-0")]
    public void Negative_content_length_is_invalid(string length)
    {
        var ex = ParseError(Ascii($"Content-Length: {length}\nContent-Type: api/response\n\n"));
        Assert.Equal(EslProtocolError.InvalidContentLength, ex.Error);
        Assert.Equal(0, ex.Offset);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12x")]
    [InlineData("0x10")]
    [InlineData("1 2")]
    [InlineData("+5")]
    [InlineData("5.0")]
    [InlineData("1e3")]
    [InlineData("\u0665")] // ARABIC-INDIC DIGIT FIVE
    [InlineData("99999999999x")] // regression: was BodyTooLarge because the digits overflowed the cap before the 'x'
    [InlineData("999999999999999999999999999999x")]
    public void Non_numeric_content_length_is_invalid(string length)
    {
        byte[] data = [.. Banner, .. Ascii("Content-Type: api/response\n"), .. Encoding.UTF8.GetBytes($"Content-Length: {length}\n\nbody")];
        var ex = ParseError(data);

        Assert.Equal(EslProtocolError.InvalidContentLength, ex.Error);
        Assert.Equal(Banner.Length + "Content-Type: api/response\n".Length, ex.Offset);
    }

    [Theory]
    [InlineData("Content-Length: ")]
    [InlineData("Content-Length:")]
    [InlineData("Content-Length: \t \r")]
    public void Empty_content_length_is_invalid(string line)
    {
        var ex = ParseError(Ascii($"Content-Type: api/response\n{line}\n\n"));
        Assert.Equal(EslProtocolError.InvalidContentLength, ex.Error);
        Assert.Equal("Content-Type: api/response\n".Length, ex.Offset);
    }

    [Theory]
    [InlineData("Content-Length", "Content-Length")]
    [InlineData("Content-Length", "content-length")]
    [InlineData("CONTENT-LENGTH", "Content-length")]
    public void Duplicated_content_length_is_refused_even_when_the_values_agree(string first, string second)
    {
        byte[] data = [.. Banner, .. Ascii($"Content-Type: api/response\n{first}: 5\n{second}: 5\n\nhello")];
        var ex = ParseError(data);

        Assert.Equal(EslProtocolError.DuplicateContentLength, ex.Error);
        Assert.Equal(Banner.Length + $"Content-Type: api/response\n{first}: 5\n".Length, ex.Offset); // the second one
    }

    [Theory]
    [InlineData("Content-Length : 5")] // FreeSWITCH does not trim names either: not the Content-Length header
    [InlineData(" Content-Length: 5")]
    [InlineData("X-Content-Length: 5")]
    public void Lookalike_names_are_ordinary_headers(string line)
    {
        var frame = Assert.Single(FrameFeeder.ParseAll(Ascii($"Content-Type: api/response\n{line}\n\n")));
        Assert.Equal(string.Empty, frame.Body);
    }

    [Fact]
    public void Content_length_with_spaces_tabs_and_cr_around_the_digits_is_read()
    {
        var frames = FrameFeeder.ParseAll(Ascii("Content-Type: api/response\ncontent-LENGTH:\t 5 \t\r\n\r\nhelloContent-Type: auth/request\n\n"));
        Assert.Equal(["hello", string.Empty], frames.Select(f => f.Body));
    }

    [Fact]
    public void Header_block_that_never_ends_is_stopped_by_the_default_cap()
    {
        // 3 MiB of plausible header lines and no blank line, arriving in 16 KiB reads.
        var lines = new StringBuilder("Content-Type: text/event-plain\n");
        for (int i = 0; lines.Length < 3 * 1024 * 1024; i++)
        {
            lines.Append("variable_hostile_").Append(i).Append(": ").Append('v', 40).Append('\n');
        }

        byte[] data = [.. Banner, .. Ascii(lines.ToString())];
        int cap = EslParserLimits.Default.MaxHeaderBlockBytes;
        var (ex, delivered, frames) = FeedUntilError(data, 16 * 1024, null);

        Assert.Equal(EslProtocolError.HeaderBlockTooLarge, ex.Error);
        Assert.Equal(Banner.Length, ex.Offset); // where the runaway block starts
        Assert.Equal(EslContentType.AuthRequest, Assert.Single(frames).ContentType);
        Assert.InRange(delivered, Banner.Length + cap, Banner.Length + cap + (16 * 1024)); // failed as soon as the cap was passed
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Header_block_that_never_ends_is_stopped_by_a_small_cap(int readSize)
    {
        var limits = new EslParserLimits { MaxHeaderBlockBytes = 256 };
        byte[] data = Ascii(string.Concat(Enumerable.Range(0, 200).Select(i => $"X-Line-{i}: {i}\n")));
        var (ex, delivered, frames) = FeedUntilError(data, readSize, limits);

        Assert.Equal(EslProtocolError.HeaderBlockTooLarge, ex.Error);
        Assert.Equal(0, ex.Offset);
        Assert.Empty(frames);
        Assert.InRange(delivered, 256, 256 + readSize);
    }

    [Fact]
    public void Header_block_of_exactly_the_cap_is_accepted_and_one_more_byte_is_not()
    {
        var limits = new EslParserLimits { MaxHeaderBlockBytes = 32 };
        string block = "Content-Type: x\nA: 0123456789ab\n"; // 32 bytes with both line feeds
        Assert.Equal(32, block.Length);
        var frame = Assert.Single(FrameFeeder.ParseAll(Ascii(block + "\n"), limits));
        Assert.Equal(block, frame.HeaderBlock);

        var ex = ParseError(Ascii("Content-Type: x\nA: 0123456789abc\n\n"), limits);
        Assert.Equal(EslProtocolError.HeaderBlockTooLarge, ex.Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64 * 1024)]
    public void Endless_blank_lines_are_capped_like_a_header_block(int readSize)
    {
        // Regression: padding before a frame was skipped without limit while the caller kept it all buffered.
        var limits = new EslParserLimits { MaxHeaderBlockBytes = 1024 };
        byte[] padding = Enumerable.Range(0, 20_000).Select(i => i % 3 == 0 ? (byte)'\r' : (byte)'\n').ToArray();
        byte[] data = [.. Banner, .. padding];
        var (ex, delivered, frames) = FeedUntilError(data, readSize, limits);

        Assert.Equal(EslProtocolError.HeaderBlockTooLarge, ex.Error);
        Assert.Equal(Banner.Length, ex.Offset); // where the padding starts
        Assert.Single(frames);
        Assert.InRange(delivered, Banner.Length + 1024, Banner.Length + 1024 + Math.Max(readSize, 2));
    }

    [Fact]
    public void Blank_lines_up_to_the_cap_are_skipped()
    {
        var limits = new EslParserLimits { MaxHeaderBlockBytes = 64 };
        byte[] data = [.. Banner, .. Enumerable.Repeat((byte)'\n', 64), .. Banner, .. Ascii(string.Concat(Enumerable.Repeat("\r\n", 32))), .. Banner];
        var frames = FrameFeeder.ParseAll(data, limits);

        Assert.Equal(3, frames.Count);
        Assert.Equal([0L, Banner.Length + 64, (2 * Banner.Length) + 128], frames.Select(f => f.Offset));
    }

    [Theory]
    [InlineData("Content-Type: api/\0response\n\n", 18)]
    [InlineData("Content-Type: api/response\nX-\0Name: v\n\n", 29)]
    [InlineData("\0Content-Type: api/response\n\n", 0)]
    [InlineData("Content-Type: api/response\nReply-Text: +OK\0\n\n", 42)]
    [InlineData("\n\n\0", 2)]
    public void Nul_byte_in_a_header_block_is_refused_where_it_is(string text, int nulOffset)
    {
        byte[] data = Ascii(text);
        Assert.Equal(0, data[nulOffset]);
        var ex = ParseError(data);

        Assert.Equal(EslProtocolError.MalformedHeaderLine, ex.Error);
        Assert.Equal(nulOffset, ex.Offset);
    }

    [Fact]
    public void Nul_bytes_in_a_body_are_data()
    {
        byte[] data = [.. Ascii("Content-Type: api/response\nContent-Length: 3\n\n"), 0, 0, 0];
        Assert.Equal("\0\0\0", Assert.Single(FrameFeeder.ParseAll(data)).Body);
    }

    [Fact]
    public void Ten_megabyte_line_without_a_line_feed_fails_at_the_cap_not_at_the_end()
    {
        const int ReadSize = 64 * 1024;
        byte[] data = new byte[10 * 1024 * 1024];
        data.AsSpan().Fill((byte)'A');
        "Content-Type: api/response\nX-Long: "u8.CopyTo(data);
        int cap = EslParserLimits.Default.MaxHeaderBlockBytes;

        var (ex, delivered, frames) = FeedUntilError(data, ReadSize, null);

        Assert.Equal(EslProtocolError.HeaderBlockTooLarge, ex.Error);
        Assert.Equal(0, ex.Offset);
        Assert.Empty(frames);
        Assert.True(delivered <= cap + ReadSize, $"needed {delivered} bytes to notice a {cap}-byte cap");
        Assert.True(delivered < data.Length / 4);
    }

    [Theory]
    [InlineData("application/x-lab-custom")]
    [InlineData("TEXT/EVENT-PLAIN-v2")]
    [InlineData("")]
    public void Unknown_content_type_is_delivered_with_its_raw_value(string type)
    {
        byte[] data = [.. Ascii($"Content-Type: {type}\nContent-Length: 5\nX-Extra: 1\n\nhello"), .. Banner];
        var frames = FrameFeeder.ParseAll(data);

        Assert.Equal(2, frames.Count);
        Assert.Equal(EslContentType.Unknown, frames[0].ContentType);
        Assert.Equal(type, frames[0].RawContentType);
        Assert.Equal("hello", frames[0].Body);
        Assert.Equal(EslContentType.AuthRequest, frames[1].ContentType);

        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(data);
        Assert.True(reader.TryReadFrame(ref buffer, out var frame));
        var message = frame.ToMessage();
        Assert.Equal(type, message.RawContentType);
        Assert.Null(message.Event);
        Assert.False(frame.IsEvent);
    }

    [Fact]
    public void Content_type_classification_ignores_ascii_case()
    {
        var frame = Assert.Single(FrameFeeder.ParseAll(Ascii("Content-Type: Text/Event-JSON\nContent-Length: 2\n\n{}")));
        Assert.Equal(EslContentType.EventJson, frame.ContentType);
        Assert.Equal("Text/Event-JSON", frame.RawContentType);
    }

    [Fact]
    public void Frame_without_content_type_is_delivered_as_none()
    {
        byte[] data = Ascii("Reply-Text: +OK\nContent-Length: 2\n\nhi");
        var frame = Assert.Single(FrameFeeder.ParseAll(data));

        Assert.Equal(EslContentType.None, frame.ContentType);
        Assert.Equal(string.Empty, frame.RawContentType);
        Assert.Equal("hi", frame.Body);

        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(data);
        Assert.True(reader.TryReadFrame(ref buffer, out var owned));
        Assert.Null(owned.ToMessage().RawContentType);
        Assert.Equal(EslReplyStatus.Ok, owned.ReplyStatus);
    }

    [Theory]
    [InlineData(1)] // inside the header block
    [InlineData(46)] // before the blank line
    [InlineData(47)] // after the blank line, no body yet
    [InlineData(52)] // inside the body
    public void Body_cut_short_by_connection_close_is_a_truncated_frame(int cut)
    {
        byte[] full = [.. Banner, .. Ascii("Content-Type: api/response\nContent-Length: 10\n\n0123456789")];
        byte[] data = full[..(Banner.Length + cut)];
        var ex = ParseError(data);

        Assert.Equal(EslProtocolError.TruncatedFrame, ex.Error);
        Assert.Equal(Banner.Length, ex.Offset); // the frame that was cut short

        // The reader says nothing until told that the stream has ended.
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(data);
        Assert.True(reader.TryReadFrame(ref buffer, out _));
        Assert.False(reader.TryReadFrame(ref buffer, out _));
        var complete = Assert.Throws<EslProtocolException>(() => reader.Complete(buffer));
        Assert.Equal(EslProtocolError.TruncatedFrame, complete.Error);
        Assert.Equal(Banner.Length, complete.Offset);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\n\r\n\n")]
    public void Stream_ending_in_blank_lines_is_complete(string tail)
    {
        var frames = FrameFeeder.ParseAll([.. Banner, .. Ascii(tail)]);
        Assert.Single(frames);
    }

    [Fact]
    public void Stream_ending_in_a_lone_cr_is_truncated()
    {
        var ex = ParseError([.. Banner, (byte)'\r']);
        Assert.Equal(EslProtocolError.TruncatedFrame, ex.Error);
        Assert.Equal(Banner.Length, ex.Offset);
    }

    [Fact]
    public void Leading_blank_lines_between_frames_are_tolerated()
    {
        byte[] reply = Ascii("Content-Type: command/reply\nReply-Text: +OK accepted\n\n");
        byte[] api = Ascii("Content-Type: api/response\nContent-Length: 6\n\n\n\nbody");
        byte[] data = [.. Ascii("\n\r\n"), .. Banner, .. Ascii("\n"), .. reply, .. Ascii("\r\n\n\r\n"), .. api, .. Ascii("\n")];
        var frames = FrameFeeder.ParseAll(data);

        Assert.Equal([EslContentType.AuthRequest, EslContentType.CommandReply, EslContentType.ApiResponse], frames.Select(f => f.ContentType));
        Assert.Equal([3L, 3 + Banner.Length + 1, 3 + Banner.Length + 1 + reply.Length + 5], frames.Select(f => f.Offset));
        Assert.Equal("\n\nbody", frames[2].Body); // blank lines inside a body are body
        Assert.Equal(frames, FrameFeeder.ParseIncrementally(data, Enumerable.Repeat(1, data.Length)));
    }

    [Fact]
    public void Crlf_line_endings_are_tolerated()
    {
        byte[] data = Ascii("Content-Type: command/reply\r\nReply-Text: +OK Job-UUID: 3a7e1c52-0b39-4e8b-9b61-1c1d2e3f4a5b\r\nJob-UUID: 3a7e1c52-0b39-4e8b-9b61-1c1d2e3f4a5b\r\n\r\n"
            + "Content-Type: api/response\r\nContent-Length: 4\r\n\r\n+OK\n");
        var frames = FrameFeeder.ParseAll(data);
        Assert.Equal([EslContentType.CommandReply, EslContentType.ApiResponse], frames.Select(f => f.ContentType));
        Assert.Equal("command/reply", frames[0].RawContentType);
        Assert.Equal("+OK\n", frames[1].Body);

        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(data);
        Assert.True(reader.TryReadFrame(ref buffer, out var frame));
        Assert.True(frame.Headers.TryGetValue(EslHeaderNames.JobUuid, out var job));
        Assert.Equal("3a7e1c52-0b39-4e8b-9b61-1c1d2e3f4a5b", Encoding.ASCII.GetString(job));
        Assert.True(frame.TryGetJobUuid(out var id));
        Assert.Equal(Guid.Parse("3a7e1c52-0b39-4e8b-9b61-1c1d2e3f4a5b"), id);
        Assert.Equal(EslReplyStatus.Ok, frame.ReplyStatus);
        Assert.Equal("+OK Job-UUID: 3a7e1c52-0b39-4e8b-9b61-1c1d2e3f4a5b", frame.ToMessage().ReplyText);
    }

    [Theory]
    [InlineData("Content-Type: api/response\nthis line has no colon\n\n", 27)]
    [InlineData("Content-Type: api/response\n: empty name\n\n", 27)]
    [InlineData("no colon on the first line\n\n", 0)]
    [InlineData("Content-Type: api/response\n\r\r\n\n", 27)]
    [InlineData("Content-Type: command/reply\nReply-Text: +OK\n \n\n", 44)] // a lone space is not a blank line
    public void Header_line_without_a_colon_is_malformed(string text, int lineOffset)
    {
        byte[] data = [.. Banner, .. Ascii(text)];
        var ex = ParseError(data);

        Assert.Equal(EslProtocolError.MalformedHeaderLine, ex.Error);
        Assert.Equal(Banner.Length + lineOffset, ex.Offset);
        Assert.Single(FrameFeederPrefix(data));
    }

    [Fact]
    public void Protocol_errors_never_echo_received_bytes()
    {
        string[] inputs =
        [
            $"Content-Type: api/response\n{Marker}\n\n",
            $"Content-Type: api/response\nContent-Length: {Marker}\n\n",
            $"Content-Type: api/response\nContent-Length: 5\ncontent-length: {Marker}\n\n",
            $"Content-Type: api/response\nX-{Marker}\0: v\n\n",
            $"Content-Type: api/response\nContent-Length: 9999999999{Marker.Length}\n\n",
            $"Content-Type: api/response\nX-Password: {Marker}{new string('x', 300)}\n\n",
            $"Content-Type: api/response\nContent-Length: 100\n\n{Marker}",
            $"{Marker}: {Marker}\n{Marker}",
        ];
        var limits = new EslParserLimits { MaxHeaderBlockBytes = 256 };
        var errors = new HashSet<EslProtocolError>();
        foreach (string input in inputs)
        {
            var ex = ParseError(Encoding.UTF8.GetBytes(input), limits);
            errors.Add(ex.Error);
            Assert.DoesNotContain(Marker, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("LabSecret", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("x-password", ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(ex.Error.ToString(), ex.Message, StringComparison.Ordinal);
            Assert.Contains(ex.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(6, errors.Count); // every framing error kind was exercised
    }

    [Fact]
    public void Malformed_event_errors_never_echo_received_bytes()
    {
        byte[][] bodies =
        [
            Encoding.UTF8.GetBytes($"{{\"Event-Name\":\"{Marker}\""),
            Encoding.UTF8.GetBytes($"[\"{Marker}\"]"),
            Encoding.UTF8.GetBytes($"{Marker}"),
        ];
        foreach (byte[] body in bodies)
        {
            var ex = Assert.Throws<EslProtocolException>(() => EslEvent.Parse(EslEventFormat.Json, body));
            Assert.Equal(EslProtocolError.MalformedEvent, ex.Error);
            Assert.DoesNotContain(Marker, ex.Message, StringComparison.Ordinal);
        }

        var xml = Assert.Throws<EslProtocolException>(() => EslEvent.Parse(EslEventFormat.Xml, Encoding.UTF8.GetBytes($"<event><headers><{Marker}>x")));
        Assert.DoesNotContain(Marker, xml.Message, StringComparison.Ordinal);
    }

    /// <summary>Parses everything at once and one byte per read; both must fail the same way.</summary>
    private static EslProtocolException ParseError(byte[] data, EslParserLimits? limits = null)
    {
        var ex = Assert.Throws<EslProtocolException>(() => FrameFeeder.ParseAll(data, limits));
        var frames = new List<ParsedFrame>();
        var split = FrameFeeder.ParseIncrementally(data, Enumerable.Repeat(1, data.Length), limits, frames);
        Assert.NotNull(split);
        Assert.Equal(ex.Error, split.Error);
        Assert.Equal(ex.Offset, split.Offset);
        Assert.Equal(ex.Message, split.Message);
        Assert.DoesNotContain(Marker, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    // The frames returned before the error.
    private static List<ParsedFrame> FrameFeederPrefix(byte[] data)
    {
        var frames = new List<ParsedFrame>();
        Assert.NotNull(FrameFeeder.ParseIncrementally(data, [data.Length], null, frames));
        return frames;
    }

    /// <summary>
    /// Delivers <paramref name="data"/> in reads of <paramref name="readSize"/> bytes, as a pipe would, until the
    /// reader throws; returns the error, how many bytes had been delivered, and the frames read before it.
    /// </summary>
    private static (EslProtocolException Error, long Delivered, List<ParsedFrame> Frames) FeedUntilError(byte[] data, int readSize, EslParserLimits? limits)
    {
        using var reader = new EslFrameReader(limits);
        var frames = new List<ParsedFrame>();
        var segments = new List<ReadOnlyMemory<byte>>();
        long consumed = 0;
        int delivered = 0;
        while (delivered < data.Length)
        {
            int n = Math.Min(readSize, data.Length - delivered);
            segments.Add(data.AsMemory(delivered, n));
            delivered += n;
            var buffer = TestSequence.Create(segments).Slice(consumed);
            try
            {
                while (reader.TryReadFrame(ref buffer, out var frame))
                {
                    frames.Add(ParsedFrame.From(frame));
                }
            }
            catch (EslProtocolException ex)
            {
                return (ex, delivered, frames);
            }

            consumed = delivered - buffer.Length;
        }

        throw new Xunit.Sdk.XunitException($"no error after all {data.Length} bytes");
    }

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);
}
