using System.Text;
using EslKit.Protocol;
using EslKit.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EslKit.Tests.Protocol;

/// <summary>The materialised event: array headers, lookups, robustness of the json reader, what it costs, and what it never prints.</summary>
public sealed class EslEventTests
{
    [Fact]
    public void Plain_array_header_is_split_after_url_decoding()
    {
        // switch_event_serialize URL-encodes the whole "ARRAY::a|:b" string, separators included.
        byte[] body = "Event-Name: CUSTOM\nvariable_DP_MATCH: ARRAY%3A%3A60123456789%7C%3A60123456789\nTrio: ARRAY%3A%3Aa%20b%7C%3Ac%25d%7C%3A%E2%98%8E\n\n"u8.ToArray();
        var owned = EslEvent.Parse(EslEventFormat.Plain, body);

        Assert.Equal(["60123456789", "60123456789"], owned.GetArray("variable_DP_MATCH"));
        Assert.Equal(["a b", "c%d", "☎"], owned.GetArray("trio"));
        Assert.Equal("ARRAY::a b|:c%d|:☎", owned["Trio"]);
        Assert.Equal(["CUSTOM"], owned.GetArray("Event-Name"));
        Assert.Empty(owned.GetArray("Absent"));
    }

    [Fact]
    public void Json_array_header_reads_as_the_same_items()
    {
        byte[] body = """{"Event-Name":"CUSTOM","variable_DP_MATCH":["60123456789","60123456789"],"Trio":["a b","c%d","\u260e"],"One":["only"]}"""u8.ToArray();
        var owned = EslEvent.Parse(EslEventFormat.Json, body);

        Assert.Equal(["60123456789", "60123456789"], owned.GetArray("variable_DP_MATCH"));
        Assert.Equal(["a b", "c%d", "☎"], owned.GetArray("Trio"));
        Assert.Equal("ARRAY::a b|:c%d|:☎", owned["Trio"]);
        Assert.Equal(["only"], owned.GetArray("One")); // cJSON writes a one-item array as an array
    }

    [Fact]
    public void Xml_array_header_is_the_repeated_elements()
    {
        var headers = new[] { new EventHeader("Event-Name", "CUSTOM"), new EventHeader("Trio", ["a b", "c%d", "☎"]), new EventHeader("After", "x") };
        var owned = EslEvent.Parse(EslEventFormat.Xml, EslWire.XmlEvent(headers, null));

        Assert.Equal(["a b", "c%d", "☎"], owned.GetArray("Trio"));
        Assert.Equal(["Event-Name", "Trio", "After"], owned.Headers.Select(h => h.Key));
        Assert.Equal("x", owned["after"]);
    }

    [Theory]
    [MemberData(nameof(ArrayStreams))]
    public void Captured_array_headers_read_the_same_in_plain_and_json(string file, EslEventFormat format)
    {
        int arrays = 0;
        foreach (var (eventFormat, body) in EslEventViewTests.EventBodies(Fixtures.Read(file)))
        {
            Assert.Equal(format, eventFormat);
            var owned = EslEvent.Parse(eventFormat, body);
            if (owned.TryGetHeader("variable_DP_MATCH", out _))
            {
                arrays++;
                Assert.Equal(["60123456789", "60123456789"], owned.GetArray("variable_DP_MATCH"));
            }
        }

        Assert.Equal(14, arrays);
    }

    public static TheoryData<string, EslEventFormat> ArrayStreams => new()
    {
        { "freeswitch/events-plain-all.fs.bin", EslEventFormat.Plain },
        { "freeswitch/events-json-all.fs.bin", EslEventFormat.Json },
    };

    [Fact]
    public void Lookups_ignore_ascii_case_and_the_first_header_wins()
    {
        var owned = EslEvent.Parse(EslEventFormat.Plain, "Event-Name: CUSTOM\nLab: first\nLAB: second\nlab: third\n\n"u8.ToArray());
        Assert.Equal("first", owned["lab"]);
        Assert.Equal("first", owned["LAB"]);
        Assert.Equal(["Event-Name", "Lab", "LAB", "lab"], owned.Headers.Select(h => h.Key));
        Assert.Equal(["first", "second", "third"], owned.Headers.Skip(1).Select(h => h.Value));
    }

    [Theory]
    [InlineData(EslEventFormat.Plain)]
    [InlineData(EslEventFormat.Json)]
    [InlineData(EslEventFormat.Xml)]
    public void Non_ascii_names_fold_ascii_case_only_in_the_view_and_the_event_alike(EslEventFormat format)
    {
        // Regression: the view could not find non-ASCII names at all, and the event folded non-ASCII letters too.
        var headers = new[] { new EventHeader("Event-Name", "CUSTOM"), new EventHeader("variable_café", "lower"), new EventHeader("variable_CAFÉ", "upper") };
        byte[] body = format switch
        {
            EslEventFormat.Plain => EslWire.PlainEvent(headers, null),
            EslEventFormat.Json => EslWire.JsonEvent(headers, null, relaxedEscaping: true), // cJSON writes UTF-8 names raw
            _ => EslWire.XmlEvent(headers, null),
        };
        var owned = EslEvent.Parse(format, body);
        var view = EslEventViewTests.View(format, body);

        foreach (string name in new[] { "variable_café", "VARIABLE_CAFé", "variable_CAFÉ", "Variable_CAFÉ" })
        {
            Assert.True(view.TryGetRawValue(Encoding.UTF8.GetBytes(name), out var raw), name);
            Assert.Equal(owned[name], EslEventViewTests.DecodedViewValue(view, raw));
        }

        Assert.Equal("lower", owned["VARIABLE_CAFé"]);
        Assert.Equal("upper", owned["variable_CAFÉ"]);
        Assert.Null(owned["variable_cafÈ"]);
        Assert.False(view.TryGetRawValue("variable_cafÈ"u8, out _));
    }

    [Fact]
    public void Json_value_with_invalid_utf8_materialises_with_replacement_characters()
    {
        // Regression: Utf8JsonReader.GetString threw InvalidOperationException on bytes cJSON passes through raw
        // (e.g. a Latin-1 caller name), so EslFrame.ToMessage threw something other than EslProtocolException.
        byte[] body = [.. "{\"Event-Name\":\"CUSTOM\",\"Caller-Caller-ID-Name\":\"Jos"u8, 0xE9, .. "\",\"_body\":\"x"u8, 0xFF, .. "y\"}"u8];
        var owned = EslEvent.Parse(EslEventFormat.Json, body);

        Assert.Equal("Jos\uFFFD", owned["Caller-Caller-ID-Name"]);
        Assert.Equal(new byte[] { (byte)'x', 0xFF, (byte)'y' }, owned.Body.ToArray()); // the body keeps its bytes

        var view = EslEventViewTests.View(EslEventFormat.Json, body);
        Assert.True(view.TryGetRawValue("Caller-Caller-ID-Name"u8, out var raw));
        Assert.Equal(owned["Caller-Caller-ID-Name"], EslEventViewTests.DecodedViewValue(view, raw));
        Assert.Equal(owned.Body.ToArray(), EslEventViewTests.DecodedBody(view));
    }

    [Fact]
    public void Json_lone_surrogate_escapes_materialise_as_replacement_characters()
    {
        // Regression: GetString threw InvalidOperationException for "\ud800" in a value or a member name.
        byte[] body = """{"Event-Name":"CUSTOM","A":"x\ud800y","\udc00":"z","B":"\ud83d\ude00","_body":"\ud800"}"""u8.ToArray();
        var owned = EslEvent.Parse(EslEventFormat.Json, body);

        Assert.Equal("x\uFFFDy", owned["A"]);
        Assert.Equal("z", owned["\uFFFD"]);
        Assert.Equal("😀", owned["B"]);
        Assert.Equal("\uFFFD", owned.BodyText);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"Event-Name\":\"CUSTOM\"")]
    [InlineData("{\"Event-Name\":\"CUSTOM\"} trailing")]
    [InlineData("{\"Event-Name\":\"CUSTOM\",}")]
    [InlineData("not json")]
    [InlineData("")]
    public void Malformed_json_events_raise_the_typed_error(string json)
    {
        var ex = Assert.Throws<EslProtocolException>(() => EslEvent.Parse(EslEventFormat.Json, Encoding.UTF8.GetBytes(json)));
        Assert.Equal(EslProtocolError.MalformedEvent, ex.Error);
    }

    [Theory]
    [InlineData("<event><headers><></headers></event>")]
    [InlineData("<event><headers><A>x")]
    [InlineData("<event><headers></A></headers></event>")]
    public void Malformed_xml_events_raise_the_typed_error(string xml)
    {
        var ex = Assert.Throws<EslProtocolException>(() => EslEvent.Parse(EslEventFormat.Xml, Encoding.UTF8.GetBytes(xml)));
        Assert.Equal(EslProtocolError.MalformedEvent, ex.Error);
    }

    [Fact]
    public void ToString_prints_no_header_values()
    {
        const string Secret = "p4ss-W0rd-Secret";
        var headers = new[]
        {
            new EventHeader("Event-Name", "CHANNEL_CREATE"),
            new EventHeader("Unique-ID", "0346bc88-7af5-4981-a1d4-eb94b89fa0b0"),
            new EventHeader("variable_sip_auth_password", Secret),
        };
        string text = EslEvent.Parse(EslEventFormat.Plain, EslWire.PlainEvent(headers, Encoding.UTF8.GetBytes(Secret))).ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("CHANNEL_CREATE", text, StringComparison.Ordinal);
        Assert.Contains("0346bc88-7af5-4981-a1d4-eb94b89fa0b0", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EslEventFormat.Plain)]
    [InlineData(EslEventFormat.Json)]
    [InlineData(EslEventFormat.Xml)]
    public void ToString_prints_no_secret_however_the_event_was_read(EslEventFormat format)
    {
        // Secrets where FreeSWITCH puts them: a channel variable, the originate it repeats, a custom header, the body.
        var secrets = Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray()).ArrayOf().Resize(24).Where(c => c.Length >= 12).Select(c => "S3cr3t" + new string(c));
        var cases = from secret in secrets from readFirst in Gen.Elements(true, false) from withBody in Gen.Elements(true, false) select (secret, readFirst, withBody);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var headers = new[]
            {
                new EventHeader("Event-Name", "BACKGROUND_JOB"),
                new EventHeader("Unique-ID", "0346bc88-7af5-4981-a1d4-eb94b89fa0b0"),
                new EventHeader("Job-UUID", "d3c4f1e2-1111-4222-8333-944455556666"),
                new EventHeader("Job-Command-Arg", $"{{sip_auth_username=lab,sip_auth_password={c.secret}}}sofia/external/100@192.0.2.9 &park"),
                new EventHeader("variable_sip_auth_password", c.secret),
                new EventHeader("variable_tenant_api_key", [c.secret, c.secret]),
            };
            var owned = EslEvent.Parse(format, EventEquivalence.Write(format, headers, c.withBody ? $"+OK {c.secret}\n" : null));
            if (c.readFirst)
            {
                // Decoded and cached values must not find their way into the string form.
                Assert.Equal(c.secret, owned["variable_sip_auth_password"]);
                Assert.Equal([c.secret, c.secret], owned.GetArray("variable_tenant_api_key"));
                Assert.Contains(c.secret, owned["Job-Command-Arg"], StringComparison.Ordinal);
            }

            string text = owned.ToString();
            Assert.DoesNotContain(c.secret, text, StringComparison.Ordinal);
            Assert.StartsWith("BACKGROUND_JOB Unique-ID=0346bc88-7af5-4981-a1d4-eb94b89fa0b0 Job-UUID=d3c4f1e2-1111-4222-8333-944455556666 (", text, StringComparison.Ordinal);
        }));
    }

    [Theory]
    [InlineData("freeswitch/events-plain-all.fs.bin")]
    [InlineData("freeswitch/events-json-all.fs.bin")]
    public void A_value_read_again_is_the_string_decoded_the_first_time(string file)
    {
        foreach (var (format, body) in EslEventViewTests.EventBodies(Fixtures.Read(file)))
        {
            var owned = EslEvent.Parse(format, body);
            foreach (var (name, _) in owned.Headers.Take(6))
            {
                string first = owned[name]!;
                Assert.Same(first, owned[name]);
                Assert.Same(first, owned[name.ToUpperInvariant()]);
            }

            Assert.Same(owned.RawName, owned.RawName);
        }
    }

    [Theory]
    [InlineData("freeswitch/events-plain-all.fs.bin")]
    [InlineData("freeswitch/events-json-all.fs.bin")]
    public void Materialising_costs_one_copy_of_the_bytes_and_reading_costs_only_the_strings_asked_for(string file)
    {
        // Allocation, not time: the design's promise, measured exactly on this thread.
        var events = EslEventViewTests.EventBodies(Fixtures.Read(file));
        foreach (var (format, body) in events.Take(3))
        {
            // Every path once first: a method's first call may allocate for the runtime (literals, type loads).
            var warm = EslEvent.Parse(format, body);
            ReadWithoutStrings(warm);
            _ = warm["Event-Date-Timestamp"];
            _ = warm["Event-Date-Timestamp"];
        }

        foreach (var (format, body) in events)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            var owned = EslEvent.Parse(format, body);
            long parsed = GC.GetAllocatedBytesForCurrentThread();
            Assert.InRange(parsed - start, body.Length, body.Length + 200); // the bytes, the array's header, the event object

            // The name, a known event's raw name and a UUID come from the bytes without a string.
            long beforeReads = GC.GetAllocatedBytesForCurrentThread();
            ReadWithoutStrings(owned);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - beforeReads);

            // A string read costs that string, once.
            long before = GC.GetAllocatedBytesForCurrentThread();
            string? timestamp = owned["Event-Date-Timestamp"];
            long read = GC.GetAllocatedBytesForCurrentThread();
            int chars = timestamp?.Length ?? 0;
            Assert.InRange(read - before, 2 * chars, timestamp is null ? 0 : (2 * chars) + 32); // its UTF-16 characters and the string's header
            long again = GC.GetAllocatedBytesForCurrentThread();
            _ = owned["Event-Date-Timestamp"];
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - again);
        }
    }

    [Theory]
    [InlineData("freeswitch/events-plain-all.fs.bin")]
    [InlineData("freeswitch/events-json-all.fs.bin")]
    public void Values_a_node_repeats_are_one_string_across_events_and_channel_variables_never_are(string file)
    {
        // The table is shared with every other test running now, and the newest value wins a slot: "mostly one
        // string", not "always".
        var events = EslEventViewTests.EventBodies(Fixtures.Read(file)).Select(e => EslEvent.Parse(e.Format, e.Body)).ToList();
        var cores = events.Select(e => e["Core-UUID"]!).ToList();
        var hosts = events.Select(e => e["FreeSWITCH-HOSTNAME"]!).ToList();
        Assert.Single(cores.Distinct(StringComparer.Ordinal));
        Assert.InRange(cores.Distinct(ReferenceEqualityComparer.Instance).Count(), 1, events.Count / 4);
        Assert.InRange(hosts.Distinct(ReferenceEqualityComparer.Instance).Count(), 1, events.Count / 4);

        var directions = events.Select(e => e["variable_direction"]).OfType<string>().ToList();
        Assert.True(directions.Count > 10);
        Assert.Equal(directions.Count, directions.Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    private static void ReadWithoutStrings(EslEvent owned)
    {
        _ = owned.Name;
        _ = owned.RawName;
        _ = owned.UniqueId;
        _ = owned.JobUuid;
    }
}
