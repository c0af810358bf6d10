using System.Text;
using EslKit.Protocol;

namespace EslKit.Tests.Protocol;

/// <summary>In-place header lookups and enumeration over a frame's header block.</summary>
public sealed class EslHeadersTests
{
    private static readonly byte[] Block = Encoding.UTF8.GetBytes(
        "Content-Type: command/reply\n" +
        "Reply-Text: +OK Job-UUID: 8618c288-5536-4269-ae78-294d82833f0e\n" +
        "Job-UUID: 8618c288-5536-4269-ae78-294d82833f0e\n" +
        "User-Data: \n" +
        "Empty:\n" +
        "Spaced: \t  padded value  \n" +
        "Crlf: with cr\r\n" +
        "job-uuid: 00000000-0000-0000-0000-000000000000\n" +
        "Encoded: caf%C3%A9%20%E2%98%8E%20100%25\n" +
        "Number: 1795211222639930\n" +
        "Unique-ID-Extra: not-the-unique-id\n" +
        "Inline: text with Unique-ID: inside\n" +
        "Last: no line feed");

    [Theory]
    [InlineData("Content-Type", "command/reply")]
    [InlineData("content-type", "command/reply")]
    [InlineData("CONTENT-TYPE", "command/reply")]
    [InlineData("Reply-Text", "+OK Job-UUID: 8618c288-5536-4269-ae78-294d82833f0e")] // ": " inside a value is value
    [InlineData("JOB-uuid", "8618c288-5536-4269-ae78-294d82833f0e")] // the first of two wins
    [InlineData("User-Data", "")]
    [InlineData("Empty", "")]
    [InlineData("Spaced", "padded value  ")] // spaces and tabs after ':' skipped, trailing ones kept
    [InlineData("Crlf", "with cr")]
    [InlineData("Encoded", "caf%C3%A9%20%E2%98%8E%20100%25")] // raw: not decoded
    [InlineData("Last", "no line feed")]
    public void Lookup_finds_the_raw_value(string name, string expected)
    {
        var headers = new EslHeaders(Block);
        Assert.True(headers.TryGetValue(Encoding.ASCII.GetBytes(name), out var value));
        Assert.Equal(expected, Encoding.UTF8.GetString(value));
        Assert.True(headers.Contains(Encoding.ASCII.GetBytes(name)));
    }

    [Theory]
    [InlineData("Unique-ID")] // only a longer name and text inside a value
    [InlineData("Content")]
    [InlineData("Type")]
    [InlineData("Reply-Text: +OK")]
    [InlineData("ob-UUID")]
    [InlineData("No-Such-Header")]
    [InlineData("")]
    public void Lookup_matches_whole_names_only(string name)
    {
        var headers = new EslHeaders(Block);
        Assert.False(headers.TryGetValue(Encoding.ASCII.GetBytes(name), out var value));
        Assert.True(value.IsEmpty);
        Assert.False(headers.Contains(Encoding.ASCII.GetBytes(name)));
    }

    [Fact]
    public void Names_with_non_ascii_bytes_are_found_ignoring_ascii_case_only()
    {
        // Regression: lookups compared names with Ascii.EqualsIgnoreCase, which is false for any non-ASCII byte,
        // so a channel variable such as variable_café could not be found even by its exact bytes.
        var headers = new EslHeaders("Event-Name: CUSTOM\nvariable_caf\u00e9: 1\nvariable_CAF\u00c9: 2\n"u8);
        Assert.True(headers.TryGetValue("variable_café"u8, out var value));
        Assert.Equal("1", Encoding.ASCII.GetString(value));
        Assert.True(headers.TryGetValue("VARIABLE_CAFé"u8, out value)); // ASCII letters fold
        Assert.Equal("1", Encoding.ASCII.GetString(value));
        Assert.True(headers.TryGetValue("variable_CAFÉ"u8, out value)); // non-ASCII letters do not, as in strcasecmp
        Assert.Equal("2", Encoding.ASCII.GetString(value));
        Assert.False(headers.TryGetValue("variable_cafÈ"u8, out _));

        foreach (var header in headers)
        {
            Assert.True(header.NameEquals(header.Name));
        }
    }

    [Fact]
    public void Decoded_lookup_url_decodes_into_the_callers_buffer()
    {
        var headers = new EslHeaders(Block);
        Span<byte> buffer = stackalloc byte[64];
        Assert.True(headers.TryGetDecodedValue("encoded"u8, buffer, out int written));
        Assert.Equal("café ☎ 100%", Encoding.UTF8.GetString(buffer[..written]));

        Assert.False(headers.TryGetDecodedValue("Encoded"u8, buffer[..10], out written)); // shorter than the raw value
        Assert.Equal(0, written);
        Assert.False(headers.TryGetDecodedValue("Absent"u8, buffer, out _));
    }

    [Fact]
    public void Typed_lookups_parse_in_place()
    {
        var headers = new EslHeaders(Block);
        Assert.True(headers.TryGetGuid("Job-UUID"u8, out var job));
        Assert.Equal(Guid.Parse("8618c288-5536-4269-ae78-294d82833f0e"), job);
        Assert.False(headers.TryGetGuid("Reply-Text"u8, out _));
        Assert.False(headers.TryGetGuid("Absent"u8, out _));

        Assert.True(headers.TryGetInt64("Number"u8, out long number));
        Assert.Equal(1795211222639930L, number);
        Assert.False(headers.TryGetInt64("Spaced"u8, out _));
        Assert.False(headers.TryGetInt64("Empty"u8, out _));
    }

    [Fact]
    public void Enumeration_yields_every_line_in_order_with_the_same_values_as_lookups()
    {
        var names = new List<string>();
        var values = new List<string>();
        var headers = new EslHeaders(Block);
        foreach (var header in headers)
        {
            names.Add(Encoding.UTF8.GetString(header.Name));
            values.Add(Encoding.UTF8.GetString(header.Value));
        }

        Assert.Equal(
            ["Content-Type", "Reply-Text", "Job-UUID", "User-Data", "Empty", "Spaced", "Crlf", "job-uuid", "Encoded", "Number", "Unique-ID-Extra", "Inline", "Last"],
            names);
        Assert.Equal("", values[3]);
        Assert.Equal("with cr", values[6]);
        Assert.Equal("00000000-0000-0000-0000-000000000000", values[7]); // enumeration keeps duplicates

        foreach (var header in headers)
        {
            if (header.NameEquals("job-uuid"u8))
            {
                Assert.True(header.NameEquals("JOB-UUID"u8));
                Assert.False(header.NameEquals("Job-UUI"u8));
            }

            byte[] buffer = new byte[header.Value.Length];
            int n = header.DecodeValue(buffer);
            Assert.Equal(EslUrlDecoder.DecodeToString(header.Value), Encoding.UTF8.GetString(buffer, 0, n));
        }
    }

    [Fact]
    public void Enumeration_skips_blank_lines_and_lines_without_a_colon()
    {
        var headers = new EslHeaders("A: 1\n\nno colon\n: empty name\r\n\r\nB:2\n"u8);
        var seen = new List<string>();
        foreach (var header in headers)
        {
            seen.Add($"{Encoding.ASCII.GetString(header.Name)}={Encoding.ASCII.GetString(header.Value)}");
        }

        Assert.Equal(["A=1", "B=2"], seen);
    }

    [Fact]
    public void Empty_block_has_nothing()
    {
        var headers = new EslHeaders(default);
        Assert.True(headers.IsEmpty);
        Assert.False(headers.TryGetValue("A"u8, out _));
        foreach (var header in headers)
        {
            Assert.Fail($"unexpected header {Encoding.ASCII.GetString(header.Name)}");
        }

        Assert.False(new EslHeaders(Block).IsEmpty);
        Assert.Equal(Block, new EslHeaders(Block).Raw.ToArray());
    }

    [Fact]
    public void Frame_headers_are_the_header_block_read_in_place()
    {
        byte[] data = "Content-Type: log/data\nContent-Length: 5\nLog-Level: 7\nUser-Data: \n\nhello"u8.ToArray();
        var (level, userData, block) = Support.FrameReading.First(data, frame =>
        {
            Assert.True(frame.Headers.TryGetInt64(EslHeaderNames.LogLevel, out long l));
            Assert.True(frame.Headers.TryGetValue(EslHeaderNames.UserData, out var user));
            return (l, user.Length, Encoding.ASCII.GetString(frame.HeaderBlock));
        });

        Assert.Equal(7, level);
        Assert.Equal(0, userData);
        Assert.Equal("Content-Type: log/data\nContent-Length: 5\nLog-Level: 7\nUser-Data: \n", block);
    }
}
