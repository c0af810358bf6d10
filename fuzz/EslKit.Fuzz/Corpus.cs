using System.Text;
using EslKit.Protocol;

namespace EslKit.Fuzz;

/// <summary>
/// The seeds: every ESL capture in ../shared/fixtures (websocket captures excluded), whole and split into frames,
/// a few hand-written frames for what the captures lack (xml events, CRLF, padding), and a dictionary of
/// protocol tokens for the mutator.
/// </summary>
internal sealed class Corpus
{
    private static readonly string[] HostileTokens =
    [
        "\n", "\r\n", "\n\n", "\r\n\r\n", "\n\r\n", "\r", "\0", ":", ": ", " ", "\t", "%", "%%", "%4", "%G1", "%2B", "%0A", "%00", "+",
        "Content-Length: ", "content-length:", "CONTENT-LENGTH:\t", "Content-Length: 0\n", "Content-Length: -1\n",
        "Content-Length: 2147483648\n", "Content-Length: 1000000000000000000000000000000\n", "Content-Type: ", "content-type:",
        "text/event-plain", "text/event-json", "text/event-xml", "command/reply", "api/response", "log/data", "auth/request",
        "text/disconnect-notice", "text/rude-rejection", "application/x-unknown", "Reply-Text: +OK", "Reply-Text: %2BOK%0A",
        "Reply-Text: -ERR", "Job-UUID: ", "Event-Name: ", "Event-Name: CUSTOM\n", "Unique-ID: ", "Event-Subclass: ",
        "Content-Disposition: linger", "Content-Disposition: disconnect", "Linger-Time: -1", "Controlled-Session-UUID: ",
        "0346bc88-7af5-4981-a1d4-eb94b89fa0b0", "{0346bc88-7af5-4981-a1d4-eb94b89fa0b0}", "ARRAY::", "ARRAY%3A%3A", "|:", "%7C%3A",
        "{", "}", "[", "]", "\"", "\\", "\\\"", "\\u", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\"_body\":\"",
        "{\"Event-Name\":\"", "\":\"", "\",\"", "\":[\"", "\"]", "<event>", "</event>", "<headers>", "</headers>", "<body>",
        "</body>", "<Content-Length>", "&amp;", "&lt;", "&#x", "&#xD800;", "&#x10FFFF;", "&#", ";", "<!", "é", "☎", "😀",
        "\u00ff", "0", "1", "9", "99999999999999999999", "00000000000000000000001",
    ];

    private Corpus(List<byte[]> frames, List<byte[]> streams, List<byte[]> tokens)
    {
        Frames = frames;
        Streams = streams;
        Tokens = tokens;
    }

    /// <summary>Single frames (and the hand-written seeds).</summary>
    public IReadOnlyList<byte[]> Frames { get; }

    /// <summary>Whole captured streams.</summary>
    public IReadOnlyList<byte[]> Streams { get; }

    /// <summary>Byte strings worth inserting.</summary>
    public IReadOnlyList<byte[]> Tokens { get; }

    public static Corpus Load(string fixtures)
    {
        var files = Directory.GetFiles(Path.Combine(fixtures, "freeswitch"), "*.fs.bin")
            .Where(f => !Path.GetFileName(f).StartsWith("audio-stream-ws", StringComparison.Ordinal))
            .Concat(Directory.GetFiles(Path.Combine(fixtures, "older-freeswitch"), "*.fs.bin"))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"no ESL captures under {fixtures}");
        }

        var streams = files.Select(File.ReadAllBytes).ToList();
        var frames = new List<byte[]>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (byte[] stream in streams)
        {
            var outcome = ReferenceParser.Parse(stream, EslParserLimits.Default);
            if (outcome.Error is not null)
            {
                throw new InvalidOperationException($"a capture does not parse: {outcome.Error}");
            }

            foreach (var frame in outcome.Frames)
            {
                frames.Add(stream[(int)frame.Offset..(int)(frame.Offset + frame.FrameLengthFromOffset)]);
                CollectNames(frame.HeaderBlock, names);
                if (frame.ContentType == EslContentType.EventPlain)
                {
                    CollectNames(frame.Body, names);
                }
            }
        }

        frames.AddRange(Seeds().Select(Encoding.UTF8.GetBytes));
        var tokens = HostileTokens.Select(Encoding.UTF8.GetBytes)
            .Concat(names.Order(StringComparer.Ordinal).Select(n => Encoding.UTF8.GetBytes(n + ": ")))
            .ToList();
        return new Corpus(frames, streams, tokens);
    }

    private static void CollectNames(ReadOnlySpan<byte> block, HashSet<string> names)
    {
        foreach (var header in new EslHeaders(block))
        {
            if (names.Count < 400 && Ascii.IsValid(header.Name))
            {
                names.Add(Encoding.ASCII.GetString(header.Name));
            }
        }
    }

    // What the captures do not show: xml events, CRLF line ends, padding, json escapes, hostile lengths.
    private static IEnumerable<string> Seeds()
    {
        const string Xml =
            "<event>\n  <headers>\n    <Event-Name>CUSTOM</Event-Name>\n    <Event-Subclass>lab%3A%3Axml</Event-Subclass>\n" +
            "    <Unique-ID>0346bc88-7af5-4981-a1d4-eb94b89fa0b0</Unique-ID>\n    <Lab-Text>caf%C3%A9%20%26%20more</Lab-Text>\n" +
            "    <Items>a</Items>\n    <Items>b%7C%3Ac</Items>\n  </headers>\n  <Content-Length>12</Content-Length>\n" +
            "  <body>a &amp; b &#xE9;\n  </body>\n</event>\n";
        yield return $"Content-Length: {Encoding.UTF8.GetByteCount(Xml)}\nContent-Type: text/event-xml\n\n{Xml}";

        const string Json =
            "{\"Event-Name\":\"CUSTOM\",\"Unique-ID\":\"0346bc88-7af5-4981-a1d4-eb94b89fa0b0\",\"Lab\":\"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\"," +
            "\"Arr\":[\"x\",\"y\\n\"],\"Content-Length\":\"5\",\"_body\":\"he\\nlo\"}";
        yield return $"Content-Length: {Encoding.UTF8.GetByteCount(Json)}\nContent-Type: text/event-json\n\n{Json}";

        const string Plain = "Event-Name: BACKGROUND_JOB\nJob-UUID: d3c4f1e2-1111-4222-8333-944455556666\nContent-Length: 30\n\nUnique-ID: 1\n\nEvent-Name: X\n\n";
        yield return $"Content-Length: {Plain.Length}\nContent-Type: text/event-plain\n\n{Plain}";
        yield return "\n\r\n\nContent-Type: command/reply\r\nReply-Text: +OK accepted\r\n\r\n";
        yield return "Content-Type: api/response\nContent-Length: 5\n\nhello\nContent-Type: auth/request\n\n";
        yield return "Content-Type: text/disconnect-notice\nControlled-Session-UUID: 0346bc88-7af5-4981-a1d4-eb94b89fa0b0\nContent-Disposition: linger\nLinger-Time: -1\nContent-Length: 0\n\n";
        yield return "Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n";
    }
}
