using System.Text;
using EslKit.Protocol;
using EslKit.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EslKit.Tests.Protocol;

/// <summary>
/// The lazy <see cref="EslEvent"/> (one copy of the bytes, headers decoded when read) answers exactly as the eager
/// one did (<see cref="EagerEslEvent"/>, every header decoded when parsed): for every captured event, for generated
/// events of every format and shape, and for damaged ones (the same error, or the same answers).
/// </summary>
public sealed class EslEventEquivalenceTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    public static TheoryData<string> Streams => new(Fixtures.EslStreams);

    [Theory]
    [MemberData(nameof(Streams))]
    public void Every_captured_event_reads_as_the_eager_event_did(string file)
    {
        foreach (var (format, body) in EslEventViewTests.EventBodies(Fixtures.Read(file)))
        {
            EventEquivalence.AssertSame(format, body);
        }
    }

    [Theory]
    [InlineData("freeswitch/events-plain-all.fs.bin")]
    [InlineData("freeswitch/events-plain-body.fs.bin")]
    public void Every_captured_event_written_as_xml_and_as_json_reads_as_the_eager_event_did(string file)
    {
        // FreeSWITCH's xml form was not captured: write each captured event the way it would (EslWire), from the plain capture.
        int events = 0;
        foreach (var (_, body) in EslEventViewTests.EventBodies(Fixtures.Read(file)))
        {
            var plain = EagerEslEvent.Parse(EslEventFormat.Plain, body);
            var headers = plain.Headers.Select(h => new EventHeader(h.Key, [.. plain.GetArray(h.Key)])).ToList();
            string? text = plain.Body.IsEmpty ? null : plain.BodyText;
            EventEquivalence.AssertSame(EslEventFormat.Xml, EslWire.XmlEvent(headers, text));
            EventEquivalence.AssertSame(EslEventFormat.Json, EslWire.JsonEvent(headers, text, relaxedEscaping: false));
            events++;
        }

        Assert.True(events > 0, file);
    }

    // ---------------------------------------------------------------- generated events

    private static readonly string[] KnownNames =
    [
        "Event-Name", "Core-UUID", "Unique-ID", "Job-UUID", "Application-UUID", "Event-Subclass", "Channel-Name",
        "Caller-Caller-ID-Name", "variable_sip_auth_password", "variable_DP_MATCH", "Event-Sequence", "Content-Length",
        "Application", "Lab", "variable_café", "variable_CAFÉ", "Job-Command-Arg", "_body",
    ];

    private static readonly Gen<string> NameChunk = Gen.Frequency(
        (12, Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".Select(c => c.ToString()).ToArray())),
        (1, Gen.Elements(" ", ".", "é", "☎", "É", ":", ",", "\"", "\\", "}", "]", "<", "/", "%41", "\t", "\u0001", "\uFFFD")));

    private static readonly Gen<string> Name = Gen.Frequency(
        (6, Gen.Elements(KnownNames)),
        (2, from name in Gen.Elements(KnownNames) from upper in Gen.Elements(true, false) select upper ? name.ToUpperInvariant() : name.ToLowerInvariant()),
        (3, NameChunk.NonEmptyListOf().Resize(12).Select(string.Concat)));

    private static readonly Gen<string> ValueChunk = Gen.Frequency(
        (12, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
        (3, Gen.Elements("%", "%41", "%2", "%%", "%zz", "+", " ", ":", "|:", "ARRAY::", "\\", "\"", "&amp;", "&", "<", ">", "&#x41;", "\\u0041", "{", "}", "[", "]", ",")),
        (2, Gen.Elements("é", "☎", "😀", "naïve", "\uFFFD")),
        (1, Gen.Elements("\t", "\n", "\r", "\r\n", "\0", "\u0001", "\u001f", "\n\n")));

    private static readonly string SomeUuid = "0346bc88-7af5-4981-a1d4-eb94b89fa0b0";

    private static readonly Gen<string> Value = Gen.Frequency(
        (8, ValueChunk.ListOf().Resize(14).Select(string.Concat)),
        (2, Gen.Elements(SomeUuid, SomeUuid.ToUpperInvariant(), " " + SomeUuid, SomeUuid + " ", "{" + SomeUuid + "}", SomeUuid.Replace("-", string.Empty, StringComparison.Ordinal), SomeUuid[..35], "CHANNEL_CREATE", "channel_create", "CUSTOM", "LAB_EVENT", "sofia::register", string.Empty)));

    private static readonly Gen<EventHeader> Header =
        from name in Name
        from count in Gen.Frequency((8, Gen.Constant(1)), (1, Gen.Choose(2, 4)))
        from values in Value.ArrayOf(count)
        select new EventHeader(name, values);

    private static readonly Gen<string?> Body = Gen.Frequency(
        (3, Gen.Constant<string?>(null)),
        (2, Gen.Frequency(
                (6, ValueChunk),
                (2, Gen.Elements("\n", "\n\n", "\r\n\r\n", $"Unique-ID: {SomeUuid}\n", "Event-Name: CUSTOM\n", $"\"Unique-ID\":\"{SomeUuid}\"", "<Unique-ID>x</Unique-ID>", "+OK done\n")))
            .ListOf().Resize(20).Select(parts => (string?)string.Concat(parts))));

    private static readonly Gen<(EslEventFormat Format, byte[] Bytes)> GeneratedEvent =
        from format in Gen.Elements(EslEventFormat.Plain, EslEventFormat.Json, EslEventFormat.Xml)
        from name in Gen.Elements("CHANNEL_CREATE", "channel_create", "CUSTOM", "LAB_EVENT", "BACKGROUND_JOB", string.Empty)
        from withName in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        from headers in Header.ListOf().Resize(10)
        from body in Body
        from relaxedJson in Gen.Elements(true, false)
        select (format, EventEquivalence.Write(format, [.. (withName ? new[] { new EventHeader("Event-Name", name) } : []), .. headers], body, relaxedJson));

    [Fact]
    public void Generated_events_of_every_format_read_as_the_eager_event_did()
    {
        Check.One(Runs, Prop.ForAll(GeneratedEvent.ToArbitrary(), e => EventEquivalence.AssertSame(e.Format, e.Bytes)));
    }

    // ---------------------------------------------------------------- damaged events

    private static readonly Lazy<(EslEventFormat Format, byte[] Bytes)[]> CapturedEvents = new(() =>
        new[] { "freeswitch/events-plain-all.fs.bin", "freeswitch/events-json-all.fs.bin", "freeswitch/events-plain-body.fs.bin", "freeswitch/events-json-body.fs.bin" }
            .SelectMany(file => EslEventViewTests.EventBodies(Fixtures.Read(file)))
            .ToArray());

    private static readonly Gen<byte[]> Token = Gen.Frequency(
        (4, Gen.Choose(0, 255).Select(b => new[] { (byte)b })),
        (3, Gen.Elements(
            "\n", "\r\n", "\n\n", ":", ": ", " ", "%", "\\", "\"", "\\\"", "\\u", "\\ud800", "\\n", ",", "{", "}", "[", "]", "[\"", "\"]", "\":\"",
            "\":", "_body", "\"_body\":\"", "\"_BODY\":\"x\",", "Event-Name: ", "Unique-ID: ", "\"Unique-ID\":", "/*", "*/", "//", "null", "1", "true",
            "<", ">", "</", "/>", "<A>", "</A>", "<body>", "</body>", "<headers>", "</headers>", "&amp;", "&#x", "ARRAY%3A%3A", "|:", "\0", "\t")
            .Select(Encoding.UTF8.GetBytes)));

    private static readonly Gen<(int Kind, int A, int B, byte[] Token)> Edit =
        from kind in Gen.Choose(0, 5)
        from a in Gen.Choose(0, 1_000_000_000)
        from b in Gen.Choose(0, 1_000_000_000)
        from token in Token
        select (kind, a, b, token);

    private static readonly Gen<(EslEventFormat Format, byte[] Bytes)> DamagedEvent =
        from source in Gen.Frequency((1, GeneratedEvent), (1, Gen.Elements(CapturedEvents.Value)))
        from format in Gen.Frequency((4, Gen.Constant(source.Format)), (1, Gen.Elements(EslEventFormat.Plain, EslEventFormat.Json, EslEventFormat.Xml)))
        from edits in Edit.NonEmptyListOf().Resize(4)
        select (format, ParserPropertyTests.Mutate(source.Bytes, edits));

    [Fact]
    public void Damaged_events_raise_the_same_error_or_read_as_the_eager_event_did()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(600), Prop.ForAll(DamagedEvent.ToArbitrary(), e => EventEquivalence.AssertSame(e.Format, e.Bytes)));
    }

    // ---------------------------------------------------------------- the compact json scan

    [Fact]
    public void Captured_json_events_are_read_by_the_compact_scan()
    {
        var json = CapturedEvents.Value.Where(e => e.Format == EslEventFormat.Json).ToList();
        Assert.True(json.Count > 60);
        Assert.All(json, e => Assert.True(EslJsonEventShape.TryReadCompact(e.Bytes, out _)));
    }

    [Fact]
    public void Whatever_the_compact_scan_accepts_the_json_reader_reads_with_the_same_members()
    {
        var inputs = Gen.Frequency(
            (1, GeneratedEvent.Where(e => e.Format == EslEventFormat.Json).Select(e => e.Bytes)),
            (3, DamagedEvent.Select(e => e.Bytes)));
        int accepted = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(inputs.ToArbitrary(), bytes =>
        {
            if (EslJsonEventShape.TryReadCompact(bytes, out var compact))
            {
                accepted++;
                var general = EslJsonEventShape.ReadAny(bytes);
                Assert.True(general.IsFlat);
                Assert.Equal(general.HeaderCount, compact.HeaderCount);
                Assert.Equal(general.BodyStart, compact.BodyStart);
                Assert.Equal(general.BodyLength, compact.BodyLength);
                Assert.Equal(general.BodyEscaped, compact.BodyEscaped);
            }
        }));
        Assert.True(accepted > 50, $"only {accepted} inputs took the compact scan");
    }

    [Fact]
    public void The_special_byte_scan_finds_exactly_what_a_byte_by_byte_scan_finds()
    {
        // Whole 64-byte blocks (vectorised) and the tail (a loop), from every kind of starting point.
        var bytes = Gen.Frequency(
            (4, Gen.Elements("a", "\"", "\\", "\n", "\u0000", "\u001f", " ", "\u007f", "\u0080", "é").Select(Encoding.UTF8.GetBytes)),
            (1, Gen.Choose(0, 255).Select(b => new[] { (byte)b })))
            .ListOf().Resize(300).Select(parts => parts.SelectMany(p => p).ToArray());
        var cases = from data in bytes from starts in Gen.Choose(0, 400).ListOf().Resize(10) select (data, starts);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var scan = new EslJsonSpecialBytes(c.data);
            int at = 0;
            foreach (int jump in c.starts.Order())
            {
                at = Math.Max(at, Math.Min(jump, c.data.Length));
                int expected = Array.FindIndex(c.data, at, b => b is (byte)'"' or (byte)'\\' or < 0x20);
                Assert.Equal(expected, scan.Next(at));
                at = expected < 0 ? c.data.Length : expected + 1;
            }
        }));
    }

    [Theory]
    [InlineData("{}", true)]
    [InlineData("{\"A\":\"x\"}", true)]
    [InlineData("{\"A\":[]}", true)]
    [InlineData("{\"A\":[\"x\",\"y\"],\"_body\":\"b\\n\"}", true)]
    [InlineData("{\"A\":\"\\u00e9\\ud800\\/\"}", true)]
    [InlineData("{\"A\":\"x\" }", false)] // whitespace: the reader decides
    [InlineData("{\"A\":1}", false)]
    [InlineData("{\"A\":\"x\",}", false)]
    [InlineData("{\"A\":\"x\"", false)]
    [InlineData("{\"A\":\"x\"}x", false)]
    [InlineData("{\"A\":\"\\x\"}", false)]
    [InlineData("{\"A\":\"\\u12G4\"}", false)]
    [InlineData("{\"A\":\"\t\"}", false)]
    [InlineData("{\"A\\n\":\"x\"}", false)]
    [InlineData("{\"_body\":\"a\",\"_BODY\":\"b\"}", false)]
    [InlineData("{\"_body\":[\"a\"]}", false)]
    [InlineData("{\"A\":[\"x\",]}", false)]
    [InlineData("{\"A\":[\"x\"}", false)]
    public void The_compact_scan_takes_only_the_compact_form(string json, bool compact)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(compact, EslJsonEventShape.TryReadCompact(bytes, out _));
        EventEquivalence.AssertSame(EslEventFormat.Json, bytes);
    }

    [Fact]
    public void Raw_bytes_that_are_not_utf8_take_the_compact_scan_and_read_as_before()
    {
        byte[] json = [.. "{\"Event-Name\":\"CUSTOM\",\"A"u8, 0xC3, .. "\":\"x"u8, 0xFF, 0xE2, 0x82, .. "\",\"_body\":\"\\n"u8, 0xF0, .. "\"}"u8];
        Assert.True(EslJsonEventShape.TryReadCompact(json, out _));
        EventEquivalence.AssertSame(EslEventFormat.Json, json, ["A\uFFFD", "A"]);
    }
}
