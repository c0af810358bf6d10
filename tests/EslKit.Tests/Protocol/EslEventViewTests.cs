using System.Text;
using System.Text.Json;
using EslKit.Protocol;
using EslKit.Tests.Support;

namespace EslKit.Tests.Protocol;

/// <summary>
/// The in-place event view against the materialised event: same answers for every header of every captured
/// event, and never a header that only appears in an event's body.
/// </summary>
public sealed class EslEventViewTests
{
    private const string DumpedUuid = "4d23ae32-73e3-49c4-92d0-cbbebfb8e7c2";

    public static TheoryData<string> Streams => new(Fixtures.EslStreams);

    [Theory]
    [MemberData(nameof(Streams))]
    public void View_lookups_agree_with_the_materialised_event_on_every_header(string file)
    {
        int events = 0;
        int lookups = 0;
        foreach (var (format, body) in EventBodies(Fixtures.Read(file)))
        {
            events++;
            var view = View(format, body);
            var owned = view.ToEvent();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in owned.Headers)
            {
                if (!seen.Add(name))
                {
                    continue; // lookups return the first header of a name, in both forms
                }

                lookups++;
                Assert.True(view.TryGetRawValue(Encoding.UTF8.GetBytes(name), out var raw), $"{file}: view lacks {name}");
                Assert.Equal(value, DecodedViewValue(view, raw));
            }

            Assert.Equal(owned.Body.ToArray(), DecodedBody(view));

            // Lines of the body that look like headers must not be found unless the event really has them.
            foreach (string name in HeaderLikeNames(owned.BodyText))
            {
                Assert.Equal(owned.TryGetHeader(name, out _), view.TryGetRawValue(Encoding.UTF8.GetBytes(name), out _));
            }
        }

        Assert.True(events == 0 || lookups > events * 3, $"{file}: only {lookups} lookups over {events} events");
    }

    [Fact]
    public void Every_capture_with_events_was_checked()
    {
        int streamsWithEvents = Fixtures.EslStreams.Count(f => EventBodies(Fixtures.Read(f)).Count > 0);
        Assert.True(streamsWithEvents >= 20, $"only {streamsWithEvents} captures carry events");
    }

    [Theory]
    [InlineData(EslEventFormat.Plain, false)]
    [InlineData(EslEventFormat.Plain, true)]
    [InlineData(EslEventFormat.Json, false)]
    [InlineData(EslEventFormat.Json, true)]
    public void Background_job_whose_body_is_a_uuid_dump_has_no_channel_headers(EslEventFormat format, bool jsonDump)
    {
        // A bgapi uuid_dump reports the channel in its body: "Unique-ID: …" lines (or JSON members) that are
        // not headers of the BACKGROUND_JOB event itself.
        string dump = UuidDump(jsonDump);
        Assert.Contains(jsonDump ? $"\"Unique-ID\":\"{DumpedUuid}\"" : $"\nUnique-ID: {DumpedUuid}\n", dump, StringComparison.Ordinal);
        var headers = new[]
        {
            new EventHeader("Event-Name", "BACKGROUND_JOB"),
            new EventHeader("Core-UUID", "55f279c5-4148-43ec-904d-3e04999e457a"),
            new EventHeader("Job-UUID", "d3c4f1e2-1111-4222-8333-944455556666"),
            new EventHeader("Job-Command", "uuid_dump"),
            new EventHeader("Job-Command-Arg", DumpedUuid + (jsonDump ? " json" : string.Empty)),
        };
        byte[] body = format == EslEventFormat.Plain
            ? EslWire.PlainEvent(headers, Encoding.UTF8.GetBytes(dump))
            : EslWire.JsonEvent(headers, dump);

        var view = View(format, body);
        Assert.False(view.TryGetRawValue(EslHeaderNames.UniqueId, out _));
        Assert.False(view.TryGetUniqueId(out _));
        Assert.False(view.TryGetRawValue(EslHeaderNames.ChannelName, out _));
        Assert.False(view.TryGetRawValue("variable_lab_var"u8, out _));
        Assert.True(view.TryGetGuid(EslHeaderNames.JobUuid, out var job));
        Assert.Equal(Guid.Parse("d3c4f1e2-1111-4222-8333-944455556666"), job);
        Assert.Equal(EslEventName.BackgroundJob, view.Name);
        Assert.Equal(Encoding.UTF8.GetBytes(dump), DecodedBody(view));

        var owned = view.ToEvent();
        Assert.Null(owned.UniqueId);
        Assert.Null(owned["Channel-Name"]);
        Assert.Equal(dump, owned.BodyText);
    }

    [Fact]
    public void Plain_event_starting_with_its_blank_line_has_no_headers_even_on_its_second_line()
    {
        // Regression: the view took "Unique-ID" on line 1 of "\nUnique-ID: …" as a header because the clean-prefix
        // check ran before the check for a blank line at position 0.
        byte[] body = Encoding.ASCII.GetBytes($"\nUnique-ID: {DumpedUuid}\nEvent-Name: CUSTOM\n");
        var view = View(EslEventFormat.Plain, body);

        Assert.False(view.TryGetUniqueId(out _));
        Assert.False(view.TryGetRawValue(EslHeaderNames.EventName, out _));
        Assert.Empty(view.ToEvent().Headers);
        Assert.Equal(body.AsSpan(1).ToArray(), view.RawBody.ToArray());
    }

    [Theory]
    [InlineData("\r\nUnique-ID: 4d23ae32-73e3-49c4-92d0-cbbebfb8e7c2\n")]
    [InlineData("\n\nUnique-ID: 4d23ae32-73e3-49c4-92d0-cbbebfb8e7c2\n")]
    [InlineData("\nX: 1\nUnique-ID: 4d23ae32-73e3-49c4-92d0-cbbebfb8e7c2\n")]
    public void Plain_event_with_no_header_lines_finds_nothing(string text)
    {
        var view = View(EslEventFormat.Plain, Encoding.ASCII.GetBytes(text));
        Assert.False(view.TryGetUniqueId(out _));
        Assert.False(view.TryGetRawValue("X"u8, out _));
        Assert.Empty(view.ToEvent().Headers);
    }

    [Fact]
    public void Plain_lookups_stop_at_a_crlf_blank_line_too()
    {
        byte[] body = Encoding.ASCII.GetBytes($"Event-Name: CUSTOM\r\nA: 1\r\n\r\nUnique-ID: {DumpedUuid}\r\nA: 2\r\n");
        var view = View(EslEventFormat.Plain, body);
        Assert.True(view.TryGetRawValue("A"u8, out var a));
        Assert.Equal("1", Encoding.ASCII.GetString(a));
        Assert.False(view.TryGetUniqueId(out _));
        Assert.Equal(EslEventName.Custom, view.Name);
        Assert.Null(view.ToEvent().UniqueId);
    }

    [Fact]
    public void A_copied_view_answers_the_same()
    {
        byte[] body = Encoding.ASCII.GetBytes($"Event-Name: CUSTOM\nA: 1\n\nUnique-ID: {DumpedUuid}\n");
        var view = View(EslEventFormat.Plain, body);
        Assert.True(view.TryGetRawValue("A"u8, out _));
        var copy = view;
        Assert.False(copy.TryGetUniqueId(out _));
        Assert.False(view.TryGetUniqueId(out _));
        Assert.True(copy.TryGetRawValue("a"u8, out _));
    }

    /// <summary>The decoded value of a raw view value; a JSON array reads as FreeSWITCH's <c>ARRAY::a|:b</c>.</summary>
    internal static string DecodedViewValue(in EslEventView view, ReadOnlySpan<byte> raw)
    {
        // A json string value comes without its quotes, an array with its brackets: look at the byte before it.
        if (view.Format == EslEventFormat.Json && raw.Length > 0 && raw[0] == (byte)'['
            && view.Source.Overlaps(raw, out int at) && (at == 0 || view.Source[at - 1] != (byte)'"'))
        {
            string[] items = JsonSerializer.Deserialize<string[]>(raw)!;
            return "ARRAY::" + string.Join("|:", items);
        }

        byte[] buffer = new byte[raw.Length];
        int n = view.DecodeValue(raw, buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    internal static byte[] DecodedBody(in EslEventView view)
    {
        var raw = view.RawBody;
        if (view.Format == EslEventFormat.Plain)
        {
            return raw.ToArray();
        }

        byte[] buffer = new byte[raw.Length];
        int n = view.Format == EslEventFormat.Json ? EslJsonText.Unescape(raw, buffer) : EslXmlText.Unescape(raw, buffer);
        return buffer.AsSpan(0, n).ToArray();
    }

    internal static EslEventView View(EslEventFormat format, byte[] eventBytes) => format switch
    {
        EslEventFormat.Plain => EslEventView.FromPlain(eventBytes),
        EslEventFormat.Json => EslEventView.FromJson(eventBytes),
        _ => EslEventView.FromXml(eventBytes),
    };

    /// <summary>The body of every event frame in a stream, with its format.</summary>
    internal static List<(EslEventFormat Format, byte[] Body)> EventBodies(byte[] stream)
    {
        var result = new List<(EslEventFormat, byte[])>();
        foreach (var frame in FrameFeeder.ParseAll(stream))
        {
            switch (frame.ContentType)
            {
                case EslContentType.EventPlain: result.Add((EslEventFormat.Plain, frame.BodyBytes)); break;
                case EslContentType.EventJson: result.Add((EslEventFormat.Json, frame.BodyBytes)); break;
                case EslContentType.EventXml: result.Add((EslEventFormat.Xml, frame.BodyBytes)); break;
            }
        }

        return result;
    }

    private static IEnumerable<string> HeaderLikeNames(string text) =>
        text.Split('\n')
            .Select(line => line.IndexOf(':', StringComparison.Ordinal) is int colon and > 0 ? line[..colon].Trim('"', '{', ',', ' ') : string.Empty)
            .Where(name => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            .Distinct(StringComparer.Ordinal);

    // uuid_dump of the lab channel, as FreeSWITCH answered `api uuid_dump` in the url-encoding-plain capture.
    private static string UuidDump(bool json)
    {
        var bodies = FrameFeeder.ParseAll(Fixtures.Read("freeswitch/url-encoding-plain.fs.bin"))
            .Where(f => f.ContentType == EslContentType.ApiResponse)
            .Select(f => f.BodyUtf8)
            .ToList();
        return bodies.Single(b => json ? b.StartsWith("{\"Event-Name\":\"CHANNEL_DATA\"", StringComparison.Ordinal) : b.StartsWith("Event-Name: CHANNEL_DATA\n", StringComparison.Ordinal));
    }
}
