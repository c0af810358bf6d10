using System.Buffers;
using System.Globalization;
using System.Text;
using EslKit.Protocol;
using EslKit.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EslKit.Tests.Protocol;

/// <summary>
/// FsCheck properties of the frame parser and the event readers: generated frames round-trip, the result never
/// depends on how the bytes are split, arbitrary bytes only ever raise <see cref="EslProtocolException"/>, and
/// the caps always hold.
/// </summary>
public sealed class ParserPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    // ---------------------------------------------------------------- generators: frames

    private static readonly Gen<byte[]> Utf8Chunk = Gen.Elements("é", "☎", "😀", "naïve", "ü").Select(Encoding.UTF8.GetBytes);

    private static readonly Gen<byte[]> NameChunk = Gen.Frequency(
        (10, Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8.ToArray()).Select(b => new[] { b })),
        (1, Gen.Elements(" "u8.ToArray(), "%"u8.ToArray(), "\r"u8.ToArray(), "\t"u8.ToArray(), "."u8.ToArray(), "%41"u8.ToArray())),
        (1, Utf8Chunk),
        (1, Gen.Choose(0x80, 0xFF).Select(b => new[] { (byte)b }))); // not even UTF-8

    /// <summary>Non-empty, no ':', LF or NUL, no leading space, and not one of the two framing headers.</summary>
    private static readonly Gen<byte[]> HeaderName = NameChunk.NonEmptyListOf()
        .Select(Concat)
        .Where(n => n[0] != (byte)' ' && !Ascii.EqualsIgnoreCase(n, "Content-Length"u8) && !Ascii.EqualsIgnoreCase(n, "Content-Type"u8));

    private static readonly Gen<byte[]> ValueChunk = Gen.Frequency(
        (10, Gen.Choose(0x20, 0x7E).Select(b => new[] { (byte)b })),
        (2, Gen.Elements(" "u8.ToArray(), ":"u8.ToArray(), ": "u8.ToArray(), "%"u8.ToArray(), "%41"u8.ToArray(), "%G"u8.ToArray(), "+"u8.ToArray())),
        (1, Gen.Elements("Content-Length: 12"u8.ToArray(), "Content-Type: text/event-plain"u8.ToArray(), "\r"u8.ToArray(), "\t"u8.ToArray())),
        (2, Utf8Chunk),
        (1, Gen.Choose(1, 0x1F).Where(b => b != '\n').Select(b => new[] { (byte)b })),
        (1, Gen.Choose(0x80, 0xFF).Select(b => new[] { (byte)b })));

    /// <summary>Any bytes but LF and NUL, not starting with a space or tab and not ending with CR (a header line cannot carry those).</summary>
    private static readonly Gen<byte[]> HeaderValue = ValueChunk.ListOf()
        .Select(chunks => Concat(chunks).AsSpan().TrimStart(" \t"u8).TrimEnd("\r"u8).ToArray());

    private static readonly Gen<byte[]> BodyChunk = Gen.Frequency(
        (6, Gen.Choose(0, 255).Select(b => new[] { (byte)b })),
        (2, Gen.Elements("\n"u8.ToArray(), "\r\n"u8.ToArray(), "\n\n"u8.ToArray(), "\r\n\r\n"u8.ToArray(), "\0"u8.ToArray())),
        (1, Gen.Elements("Content-Length: 5\n\n"u8.ToArray(), "Content-Type: text/event-plain\n"u8.ToArray(), "Unique-ID: 0346bc88-7af5-4981-a1d4-eb94b89fa0b0\n"u8.ToArray())),
        (1, Utf8Chunk));

    /// <summary>Null (no Content-Length), or a body of any bytes (possibly empty) with blank lines and framing lookalikes.</summary>
    private static readonly Gen<byte[]?> Body = Gen.Frequency(
        (1, Gen.Constant<byte[]?>(null)),
        (3, BodyChunk.ListOf().Select(chunks => (byte[]?)Concat(chunks))));

    private static readonly Gen<byte[]?> ContentTypeValue = Gen.Frequency(
        (1, Gen.Constant<byte[]?>(null)),
        (4, Gen.Elements("auth/request", "command/reply", "api/response", "text/event-plain", "text/event-json", "text/event-xml", "log/data", "text/disconnect-notice", "text/rude-rejection")
            .Select(t => (byte[]?)Encoding.ASCII.GetBytes(t))),
        (1, Gen.Elements("Text/Event-Plain", "COMMAND/REPLY", "application/x-lab", "text/event-plain; charset=utf-8", "api/response ").Select(t => (byte[]?)Encoding.ASCII.GetBytes(t))),
        (1, HeaderValue.Select(v => (byte[]?)v)));

    private static readonly Gen<GeneratedFrame> Frame =
        from headers in Gen.Zip(HeaderName, HeaderValue).ListOf().Resize(8)
        from contentType in ContentTypeValue
        from typeName in Gen.Elements("Content-Type", "content-type", "CONTENT-TYPE")
        from body in Body
        from lengthName in Gen.Elements("Content-Length", "content-length", "Content-length")
        from lengthSeparator in Gen.Elements(": ", ":", ":\t", ":  \t ")
        from lengthTrailer in Gen.Elements("", "", " ", "\t ")
        from typeAt in Gen.Choose(0, 8)
        from lengthAt in Gen.Choose(0, 9)
        from crlf in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select Build(headers, contentType, typeName, typeAt, body, lengthName, lengthSeparator, lengthTrailer, lengthAt, crlf);

    private static readonly Gen<byte[]> Padding = Gen.Frequency(
        (4, Gen.Constant(Array.Empty<byte>())),
        (1, Gen.Elements("\n"u8.ToArray(), "\r\n"u8.ToArray(), "\n\r\n\n"u8.ToArray())));

    private static readonly Gen<List<(byte[] Padding, GeneratedFrame Frame)>> Stream =
        Gen.Zip(Padding, Frame).Select(p => (p.Item1, p.Item2)).NonEmptyListOf().Resize(6).Select(l => l.ToList());

    private static readonly Gen<int[]> ReadSizes = Gen.Frequency(
        (3, Gen.Choose(1, 16)),
        (2, Gen.Choose(1, 200)),
        (1, Gen.Choose(200, 5000))).ArrayOf();

    // ---------------------------------------------------------------- (a) round trip

    [Fact]
    public void Generated_frames_round_trip_through_serialise_and_parse()
    {
        Check.One(Runs, Prop.ForAll(Frame.ToArbitrary(), frame =>
        {
            byte[] bytes = frame.Bytes;
            var parsed = Assert.Single(FrameFeeder.ParseAll(bytes));
            Assert.Equal(frame.Expected(0), parsed);

            // Every line comes back, in order, with its exact name and value; lookups find the first of a name.
            var lines = FrameReading.First(bytes, f =>
            {
                var seen = new List<(byte[], byte[])>();
                foreach (var header in f.Headers)
                {
                    seen.Add((header.Name.ToArray(), header.Value.ToArray()));
                }

                foreach (var line in frame.Lines)
                {
                    Assert.True(f.Headers.TryGetValue(line.Name, out var value), $"lookup of {Encoding.Latin1.GetString(line.Name)}");
                    var first = frame.Lines.First(l => GeneratedLine.NamesEqual(l.Name, line.Name));
                    Assert.Equal(first.ParsedValue, value.ToArray());
                }

                return seen;
            });
            Assert.Equal(frame.Lines.Select(l => (l.Name, l.ParsedValue)), lines);
        }));
    }

    // ---------------------------------------------------------------- (b) split independence

    [Fact]
    public void Parse_result_never_depends_on_how_the_bytes_are_split()
    {
        var cases = from stream in Stream from reads in ReadSizes from cuts in Gen.Choose(0, 1_000_000).ArrayOf() select (stream, reads, cuts);
        Check.One(Runs, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (data, expected) = Serialise(c.stream);

            Assert.Equal(expected, FrameFeeder.ParseAll(data));
            Assert.Equal(expected, FrameFeeder.ParseIncrementally(data, c.reads));
            Assert.Equal(expected, FrameFeeder.ParseAll(TestSequence.Split(data, Cuts(c.cuts, data.Length))));
            if (data.Length <= 4096)
            {
                Assert.Equal(expected, FrameFeeder.ParseAll(TestSequence.OneBytePerSegment(data)));
            }
        }));
    }

    [Fact]
    public void Every_prefix_of_a_stream_yields_the_frames_it_completes()
    {
        var cases = from stream in Stream from cut in Gen.Choose(0, 1_000_000) select (stream, cut);
        Check.One(Runs, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (data, expected) = Serialise(c.stream);
            int length = c.cut % (data.Length + 1);
            int complete = Enumerable.Range(0, expected.Count).Count(i => EndOf(c.stream, i + 1) <= length);
            var frames = new List<ParsedFrame>();
            var error = FrameFeeder.ParseIncrementally(data[..length], [Math.Max(1, length / 3), length], null, frames);

            // Only complete frames come out; what follows them is either blank lines or a truncated frame.
            Assert.Equal(expected.Take(complete), frames);
            long end = EndOf(c.stream, complete);
            if (IsBlankLines(data.AsSpan((int)end, length - (int)end)))
            {
                Assert.Null(error);
            }
            else
            {
                Assert.NotNull(error);
                Assert.Equal(EslProtocolError.TruncatedFrame, error.Error);
                Assert.Equal(end, error.Offset);
            }
        }));
    }

    private static bool IsBlankLines(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length)
        {
            if (s[i] == (byte)'\n')
            {
                i++;
            }
            else if (s[i] == (byte)'\r' && i + 1 < s.Length && s[i + 1] == (byte)'\n')
            {
                i += 2;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    // ---------------------------------------------------------------- (c) arbitrary bytes

    private static readonly Lazy<byte[][]> FixtureFrames = new(() =>
        Fixtures.EslStreams.SelectMany(file =>
        {
            byte[] data = Fixtures.Read(file);
            var frames = FrameFeeder.ParseAll(data);
            return frames.Select((f, i) => data[(int)f.Offset..(int)(i + 1 < frames.Count ? frames[i + 1].Offset : data.Length)]);
        })
        .Where(f => f.Length <= 16 * 1024)
        .ToArray());

    private static readonly Gen<byte[]> Token = Gen.Frequency(
        (6, Gen.Choose(0, 255).Select(b => new[] { (byte)b })),
        (3, Gen.Elements("\n", "\r\n", "\n\n", "\r", ":", ": ", " ", "\t", "%", "0", "9", "-", "\0").Select(Encoding.ASCII.GetBytes)),
        (2, Gen.Elements(
            "Content-Length: ", "content-length:", "Content-Type: ", "text/event-plain", "text/event-json", "text/event-xml", "command/reply",
            "Event-Name: ", "Unique-ID: ", "Reply-Text: +OK", "%2BOK%0A", "Content-Disposition: linger", "Linger-Time: -1", "Job-UUID: ",
            "0346bc88-7af5-4981-a1d4-eb94b89fa0b0", "{\"Event-Name\":\"", "\"_body\":\"", "\\u", "\\ud800", "[\"", "\"]", "}", "<event>",
            "<headers>", "</headers>", "<body>", "</body>", "&#x", "&amp;", "ARRAY%3A%3A", "99999999999999999999").Select(Encoding.ASCII.GetBytes)));

    private static readonly Gen<(int Kind, int A, int B, byte[] Token)> Edit =
        from kind in Gen.Choose(0, 5)
        from a in Gen.Choose(0, 1_000_000_000)
        from b in Gen.Choose(0, 1_000_000_000)
        from token in Token
        select (kind, a, b, token);

    private static readonly Gen<byte[]> Mutation =
        from frame in Gen.Elements(FixtureFrames.Value)
        from edits in Edit.ListOf().Resize(4)
        select Mutate(frame, edits);

    private static readonly Gen<byte[]> ArbitraryBytes = Gen.Frequency(
        (2, Token.ListOf().Select(Concat)),
        (3, Mutation),
        (1, Mutation.ListOf().Resize(3).Select(Concat)));

    private static readonly Gen<EslParserLimits> Limits = Gen.Frequency(
        (2, Gen.Constant(EslParserLimits.Default)),
        (1, Gen.Zip(Gen.Choose(1, 600), Gen.Choose(0, 600)).Select(l => new EslParserLimits { MaxHeaderBlockBytes = l.Item1, MaxBodyBytes = l.Item2 })));

    [Fact]
    public void Arbitrary_bytes_only_ever_raise_protocol_errors_and_split_does_not_matter()
    {
        var cases = from data in ArbitraryBytes from reads in ReadSizes from limits in Limits select (data, reads, limits);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var whole = Outcome.Of(c.data, [c.data.Length], c.limits);
            Assert.Equal(whole, Outcome.Of(c.data, c.reads, c.limits));
            Assert.Equal(whole, Outcome.Of(c.data, Enumerable.Repeat(1, Math.Min(c.data.Length, 600)), c.limits));
        }));
    }

    [Fact]
    public void Fixture_frames_mutated_still_split_independently_in_one_byte_segments()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Mutation.ToArbitrary(), data =>
        {
            var frames = new List<ParsedFrame>();
            EslProtocolException? error = null;
            try
            {
                frames = FrameFeeder.ParseAll(data);
            }
            catch (EslProtocolException ex)
            {
                error = ex;
            }

            var split = new List<ParsedFrame>();
            EslProtocolException? splitError = null;
            try
            {
                split = FrameFeeder.ParseAll(TestSequence.OneBytePerSegment(data));
            }
            catch (EslProtocolException ex)
            {
                splitError = ex;
            }

            Assert.Equal(frames, split);
            Assert.Equal(error?.Error, splitError?.Error);
            Assert.Equal(error?.Offset, splitError?.Offset);
        }));
    }

    // ---------------------------------------------------------------- (d) caps

    [Fact]
    public void Caps_always_hold_and_oversize_input_raises_the_matching_error()
    {
        var small = Gen.Zip(Gen.Choose(4, 300), Gen.Choose(0, 300)).Select(l => new EslParserLimits { MaxHeaderBlockBytes = l.Item1, MaxBodyBytes = l.Item2 });
        var cases = from stream in Stream from limits in small from reads in ReadSizes select (stream, limits, reads);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (data, all) = Serialise(c.stream);
            var (expectedFrames, expectedError) = ExpectedUnderCaps(c.stream, c.limits);

            foreach (var reads in new IEnumerable<int>[] { [data.Length], c.reads, Enumerable.Repeat(1, data.Length <= 2000 ? data.Length : 0) })
            {
                var frames = new List<ParsedFrame>();
                var error = FrameFeeder.ParseIncrementally(data, reads, c.limits, frames);

                Assert.All(frames, f => Assert.InRange(f.HeaderBlock.Length, 1, c.limits.MaxHeaderBlockBytes));
                Assert.All(frames, f => Assert.InRange(f.Body.Length, 0, c.limits.MaxBodyBytes));
                Assert.Equal(all.Take(expectedFrames), frames);
                Assert.Equal(expectedError?.Error, error?.Error);
                Assert.Equal(expectedError?.Offset, error?.Offset);
            }
        }));
    }

    // ---------------------------------------------------------------- events: plain and json from the same headers

    private static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
        (2, Gen.Elements("\r", "\n", "\t", "\0", "%", "%41", "%2B", "+", " ", ":", "|", "&", "=", "\"", "\\", "<", ">", "#", "@", "[", "]", "^", "`", "{", "}", "~")),
        (2, Gen.Elements("é", "☎", "😀", "naïve ümläut ☃", "\u0001", "\u007F", "\u0080", "\uFFFD")),
        (1, Gen.Elements("\n\nUnique-ID: 0346bc88-7af5-4981-a1d4-eb94b89fa0b0\n", "Content-Length: 5\n\n", "ARRAY::x")))
        .ListOf()
        .Select(string.Concat);

    private static readonly Gen<string> EventHeaderName = Gen.Frequency(
        (3, Gen.Elements("Event-Subclass", "Core-UUID", "Job-UUID", "Job-Command-Arg", "Application-Data", "variable_sip_auth_password", "Lab-Header", "API-Command-Argument")),
        (2, Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".ToCharArray()).NonEmptyListOf().Select(cs => "X-" + string.Concat(cs))));

    private static readonly Gen<EventHeader> EventHeaderGen = Gen.Frequency(
        (4, Gen.Zip(EventHeaderName, Text.Where(v => v.Length > 0 && !v.StartsWith("ARRAY::", StringComparison.Ordinal))).Select(h => new EventHeader(h.Item1, h.Item2))),
        (1, Gen.Zip(EventHeaderName, Text.Where(v => !v.Contains("|:", StringComparison.Ordinal)).ArrayOf().Where(a => a.Length >= 2 && a[0].Length > 0 && !a[0].StartsWith("ARRAY::", StringComparison.Ordinal))).Select(h => new EventHeader(h.Item1, h.Item2))));

    private static readonly Gen<(EventHeader[] Headers, string? Body, bool Relaxed)> Event =
        from eventName in Gen.Elements("CUSTOM", "BACKGROUND_JOB", "CHANNEL_EXECUTE_COMPLETE", "HEARTBEAT", "LAB_UNKNOWN")
        from uniqueId in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, Gen.Fresh(() => (string?)Guid.NewGuid().ToString())))
        from others in EventHeaderGen.ListOf().Resize(10)
        from body in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, Text.Where(t => t.Length > 0).Select(t => (string?)t)))
        from relaxed in Gen.Elements(true, false)
        select (Headers(eventName, uniqueId, others), body, relaxed);

    [Fact]
    public void Plain_and_json_events_give_back_exactly_the_original_values()
    {
        Check.One(Runs, Prop.ForAll(Event.ToArbitrary(), e =>
        {
            byte[]? bodyBytes = e.Body is null ? null : Encoding.UTF8.GetBytes(e.Body);
            var plain = ReadEvent(EslEventFormat.Plain, EslWire.PlainEvent(e.Headers, bodyBytes), e.Headers, bodyBytes);
            var json = ReadEvent(EslEventFormat.Json, EslWire.JsonEvent(e.Headers, e.Body, e.Relaxed), e.Headers, bodyBytes);

            Assert.Equal(plain.Headers, json.Headers);
            Assert.Equal(plain.Body.ToArray(), json.Body.ToArray());
            Assert.Equal(plain.Name, json.Name);
            Assert.Equal(plain.UniqueId, json.UniqueId);
        }));
    }

    // Checks one serialised event through the view and the materialised event, and returns the latter.
    private static EslEvent ReadEvent(EslEventFormat format, byte[] serialised, EventHeader[] headers, byte[]? body)
    {
        byte[] frame = EslWire.EventFrame(format, serialised);
        var owned = FrameReading.First(frame, f =>
        {
            Assert.True(f.TryGetEvent(out var view));
            foreach (var header in headers)
            {
                Assert.True(view.TryGetRawValue(Encoding.UTF8.GetBytes(header.Name), out var raw), header.Name);
                Assert.Equal(header.PlainValue, EslEventViewTests.DecodedViewValue(view, raw));
            }

            // Header-like text in a body or a value is never a header.
            Assert.False(view.TryGetRawValue("Not-A-Header"u8, out _));
            Assert.Equal(headers.Any(h => h.Name == "Unique-ID"), view.TryGetUniqueId(out _));
            Assert.Equal(body ?? [], EslEventViewTests.DecodedBody(view));
            Assert.Equal(headers[0].Values[0], Encoding.UTF8.GetString(view.RawName));
            return f.ToMessage().Event!;
        });

        var expected = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.PlainValue)).ToList();
        if (body is { Length: > 0 })
        {
            expected.Add(new("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)));
        }

        Assert.Equal(format, owned.Format);
        Assert.Equal(expected, owned.Headers);
        Assert.Equal(body ?? [], owned.Body.ToArray());
        Assert.Equal(headers[0].Values[0], owned.RawName);
        foreach (var header in headers)
        {
            Assert.Equal(header.Values, owned.GetArray(header.Name));
        }

        return owned;
    }

    private static EventHeader[] Headers(string eventName, string? uniqueId, IEnumerable<EventHeader> others)
    {
        var headers = new List<EventHeader> { new("Event-Name", eventName) };
        if (uniqueId is not null)
        {
            headers.Add(new("Unique-ID", uniqueId));
        }

        foreach (var header in others)
        {
            if (!headers.Any(h => string.Equals(h.Name, header.Name, StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(header);
            }
        }

        return [.. headers];
    }

    // ---------------------------------------------------------------- helpers

    private static GeneratedFrame Build(
        IEnumerable<(byte[] Name, byte[] Value)> headers, byte[]? contentType, string typeName, int typeAt,
        byte[]? body, string lengthName, string lengthSeparator, string lengthTrailer, int lengthAt, bool crlf)
    {
        var lines = headers.Select(h => GeneratedLine.Of(h.Name, h.Value)).ToList();
        if (contentType is not null)
        {
            lines.Insert(Math.Min(typeAt, lines.Count), GeneratedLine.Of(Encoding.ASCII.GetBytes(typeName), contentType));
        }

        if (body is not null)
        {
            byte[] value = Encoding.ASCII.GetBytes(body.Length.ToString(CultureInfo.InvariantCulture) + lengthTrailer);
            lines.Insert(Math.Min(lengthAt, lines.Count), new GeneratedLine(Encoding.ASCII.GetBytes(lengthName), Encoding.ASCII.GetBytes(lengthSeparator), value));
        }

        if (lines.Count == 0)
        {
            lines.Add(GeneratedLine.Of("X"u8.ToArray(), []));
        }

        return new GeneratedFrame(lines, body, crlf);
    }

    private static (byte[] Data, List<ParsedFrame> Expected) Serialise(List<(byte[] Padding, GeneratedFrame Frame)> stream)
    {
        var data = new List<byte>();
        var expected = new List<ParsedFrame>();
        foreach (var (padding, frame) in stream)
        {
            data.AddRange(padding);
            expected.Add(frame.Expected(data.Count));
            data.AddRange(frame.Bytes);
        }

        return ([.. data], expected);
    }

    private static long EndOf(List<(byte[] Padding, GeneratedFrame Frame)> stream, int frames) =>
        stream.Take(frames).Sum(p => p.Padding.Length + p.Frame.Bytes.Length);

    /// <summary>
    /// The caps stated plainly: padding before a frame and its header block (up to the last line's LF) are each
    /// at most MaxHeaderBlockBytes; a Content-Length above MaxBodyBytes fails on its line, unless that line
    /// already took the block over its cap. Returns how many frames come out and the error, if any.
    /// </summary>
    private static (int Frames, EslProtocolException? Error) ExpectedUnderCaps(List<(byte[] Padding, GeneratedFrame Frame)> stream, EslParserLimits limits)
    {
        long offset = 0;
        for (int i = 0; i < stream.Count; i++)
        {
            var (padding, frame) = stream[i];
            if (padding.Length > limits.MaxHeaderBlockBytes)
            {
                return (i, new EslProtocolException(EslProtocolError.HeaderBlockTooLarge, offset, string.Empty));
            }

            long start = offset + padding.Length;
            long block = 0;
            foreach (var line in frame.Lines)
            {
                long lineStart = start + block;
                block += line.Bytes.Length + (frame.Crlf ? 2 : 1);
                if (block > limits.MaxHeaderBlockBytes)
                {
                    return (i, new EslProtocolException(EslProtocolError.HeaderBlockTooLarge, start, string.Empty));
                }

                if (line.IsContentLength && frame.Body!.Length > limits.MaxBodyBytes)
                {
                    return (i, new EslProtocolException(EslProtocolError.BodyTooLarge, lineStart, string.Empty));
                }
            }

            offset = start + frame.Bytes.Length;
        }

        return (stream.Count, null);
    }

    private static int[] Cuts(int[] random, int length) =>
        length < 2 ? [] : random.Select(r => 1 + (r % (length - 1))).Distinct().Order().ToArray();

    internal static byte[] Mutate(byte[] frame, IEnumerable<(int Kind, int A, int B, byte[] Token)> edits)
    {
        var bytes = frame.ToList();
        foreach (var (kind, a, b, token) in edits)
        {
            int at = bytes.Count == 0 ? 0 : a % bytes.Count;
            int length = bytes.Count == 0 ? 0 : 1 + (b % Math.Min(64, bytes.Count - at));
            switch (kind)
            {
                case 0 when bytes.Count > 0: bytes[at] ^= (byte)(1 << (b % 8)); break; // flip a bit
                case 1: bytes.InsertRange(at, token); break;
                case 2 when bytes.Count > 0: bytes.RemoveRange(at, length); break;
                case 3 when bytes.Count > 0: bytes.InsertRange(at, bytes.GetRange(at, length)); break; // repeat a run
                case 4: bytes = bytes.Take(at).ToList(); break; // cut short
                default:
                    if (bytes.Count > 0)
                    {
                        bytes[at] = token.Length > 0 ? token[0] : (byte)0;
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] Concat(IEnumerable<byte[]> parts) => [.. parts.SelectMany(p => p)];

    /// <summary>
    /// Everything observable about parsing one input: frames, the error (kind and offset), and a digest of what
    /// the frame and event readers said about each frame. Reading any frame may only raise EslProtocolException.
    /// </summary>
    private sealed record Outcome(string Frames, EslProtocolError? Error, long ErrorOffset)
    {
        public static Outcome Of(byte[] data, IEnumerable<int> reads, EslParserLimits limits)
        {
            var log = new StringBuilder();
            var error = FrameFeeder.Feed(data, reads, limits, (in EslFrame frame) => Describe(frame, log));
            if (error is null)
            {
                return new Outcome(log.ToString(), null, -1);
            }

            Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
            return new Outcome(log.ToString(), error.Error, error.Offset);
        }

        private static void Describe(in EslFrame frame, StringBuilder log)
        {
            log.Append(frame.Offset).Append(' ').Append(frame.ContentType).Append(' ')
                .Append(Convert.ToHexString(frame.RawContentType)).Append(' ')
                .Append(Convert.ToHexString(frame.HeaderBlock)).Append(' ')
                .Append(Convert.ToHexString(frame.Body)).Append(' ')
                .Append(frame.ReplyStatus).Append(frame.DisconnectDisposition).Append(frame.LingerTime).Append(frame.IsChannelData)
                .Append(frame.TryGetJobUuid(out var job) ? job.ToString() : "-");
            foreach (var header in frame.Headers)
            {
                byte[] decoded = new byte[header.Value.Length];
                log.Append(header.DecodeValue(decoded));
            }

            if (frame.TryGetEvent(out var view))
            {
                log.Append(" event ").Append(view.Format).Append(view.Name).Append(view.RawBody.Length)
                    .Append(view.TryGetUniqueId(out var id) ? id.ToString() : "-");
                byte[] buffer = new byte[256];
                log.Append(view.TryGetValue(EslHeaderNames.EventName, buffer, out int n) ? n : -1);
                try
                {
                    var owned = view.ToEvent();
                    log.Append(' ').Append(owned.Headers.Count).Append(owned.Body.Length).Append(owned.Name);
                }
                catch (EslProtocolException ex)
                {
                    Assert.Equal(EslProtocolError.MalformedEvent, ex.Error);
                    log.Append(" malformed");
                }
            }

            try
            {
                var message = frame.ToMessage();
                log.Append(' ').Append(message.Headers.Count).Append(message.Event is null ? "" : " with event");
            }
            catch (EslProtocolException ex)
            {
                Assert.Equal(EslProtocolError.MalformedEvent, ex.Error);
            }

            log.Append('\n');
        }
    }
}
