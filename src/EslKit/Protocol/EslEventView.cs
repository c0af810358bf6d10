using System.Buffers.Text;

namespace EslKit.Protocol;

/// <summary>
/// An event read in place from a <c>text/event-plain</c>, <c>text/event-json</c> or <c>text/event-xml</c>
/// body. Header lookups search the received bytes (vectorised, ASCII case-insensitive) and hand out
/// spans; nothing is allocated until <see cref="ToEvent"/>. Raw values are in the format's own
/// encoding (URL-encoded for plain, JSON-escaped for json, XML-escaped and URL-encoded for xml);
/// <see cref="DecodeValue"/> turns them into plain UTF-8.
/// </summary>
/// <remarks>
/// A plain event's header block ends at its first blank line. Lookups search the whole event and check a
/// hit against that boundary, remembering how much of the event is known to be headers; keep the view
/// in a local variable so the knowledge carries from one lookup to the next (a copy stays correct, only slower).
/// </remarks>
public ref struct EslEventView
{
    private readonly ReadOnlySpan<byte> _headers;
    private readonly ReadOnlySpan<byte> _body;
    private readonly ReadOnlySpan<byte> _source;

    // Plain only: no blank line starts before _cleanUpTo; _blockEnd is where the first one starts (-1: not found yet).
    private int _cleanUpTo;
    private int _blockEnd;

    private EslEventView(EslEventFormat format, ReadOnlySpan<byte> source, ReadOnlySpan<byte> headers, ReadOnlySpan<byte> body)
    {
        Format = format;
        _source = source;
        _headers = headers;
        _body = body;
        _cleanUpTo = 0;
        _blockEnd = -1;
    }

    /// <summary>How the event was serialised.</summary>
    public readonly EslEventFormat Format { get; }

    /// <summary>The bytes the event was read from (the frame body).</summary>
    public readonly ReadOnlySpan<byte> Source => _source;

    /// <summary>The header part: the inner header block (plain), the JSON object (json) or the <c>&lt;headers&gt;</c> content (xml).</summary>
    public readonly ReadOnlySpan<byte> RawHeaders => Format == EslEventFormat.Plain ? SplitPlain(_source, out _) : _headers;

    /// <summary>
    /// The event's own body, raw: exact bytes for plain; for json the still-escaped content of <c>_body</c>;
    /// for xml the still-escaped text of <c>&lt;body&gt;</c>. Empty when the event has none.
    /// </summary>
    public readonly ReadOnlySpan<byte> RawBody
    {
        get
        {
            if (Format == EslEventFormat.Plain)
            {
                SplitPlain(_source, out var body);
                return body;
            }

            if (Format == EslEventFormat.Xml)
            {
                return _body;
            }

            int member = EslByteSearch.IndexOfJsonMember(_headers, "_body"u8);
            return member >= 0 && EslJsonText.TryReadValue(_headers, member, 5, out var value, out _) ? value : default;
        }
    }

    /// <summary>The raw <c>Event-Name</c> value (empty when absent).</summary>
    public ReadOnlySpan<byte> RawName
    {
        get
        {
            // FreeSWITCH writes Event-Name first; check that before searching.
            if (Format == EslEventFormat.Plain && _source.StartsWith("Event-Name: "u8))
            {
                return EslHeaders.ValueAt(_source, "Event-Name:".Length);
            }

            if (Format == EslEventFormat.Json && _source.StartsWith("{\"Event-Name\":\""u8))
            {
                int end = _source[15..].IndexOfAny((byte)'"', (byte)'\\');
                if (end >= 0 && _source[15 + end] == (byte)'"')
                {
                    return _source.Slice(15, end);
                }
            }

            return TryGetRawValue(EslHeaderNames.EventName, out var value) ? value : default;
        }
    }

    /// <summary>The event type; <see cref="EslEventName.Unknown"/> for names EslKit does not know.</summary>
    public EslEventName Name => EslEventNames.Parse(RawName);

    /// <summary>
    /// Finds a header's raw value. For json, a string value is returned without its quotes and an array
    /// as its raw JSON text; for xml, the first element of that name.
    /// </summary>
    public bool TryGetRawValue(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        switch (Format)
        {
            case EslEventFormat.Plain:
                // Search the whole event (absent there means absent from the headers), then check the hit
                // lies before the blank line: cheaper than cutting the block out first.
                int line = EslByteSearch.IndexOfHeaderLine(_source, name);
                if (line < 0 || !IsInHeaderBlock(line))
                {
                    value = default;
                    return false;
                }

                value = EslHeaders.ValueAt(_source, line + name.Length + 1);
                return true;
            case EslEventFormat.Json:
                int member = EslByteSearch.IndexOfJsonMember(_headers, name);
                if (member >= 0 && EslJsonText.TryReadValue(_headers, member, name.Length, out value, out _))
                {
                    return true;
                }

                value = default;
                return false;
            default:
                return EslXmlText.IndexOfElement(_headers, name, 0, out value) >= 0;
        }
    }

    // True when the line starting at lineStart lies before the blank line that ends the header block.
    private bool IsInHeaderBlock(int lineStart) => EslPlainHeaderBlock.Contains(_source, lineStart, ref _cleanUpTo, ref _blockEnd);

    /// <summary>Decodes a raw value of this event's format into <paramref name="destination"/> (at least <c>raw.Length</c> long).</summary>
    /// <returns>The number of bytes written.</returns>
    public readonly int DecodeValue(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        if (destination.Length < raw.Length)
        {
            throw new ArgumentException("The destination must be at least as long as the raw value.", nameof(destination));
        }

        switch (Format)
        {
            case EslEventFormat.Plain:
                return EslUrlDecoder.Decode(raw, destination);
            case EslEventFormat.Json:
                return EslJsonText.Unescape(raw, destination);
            default:
                int n = EslXmlText.Unescape(raw, destination);
                return EslUrlDecoder.DecodeInPlace(destination[..n]);
        }
    }

    /// <summary>Finds a header and decodes its value into <paramref name="destination"/>.</summary>
    /// <returns>False when absent or when the destination is shorter than the raw value.</returns>
    public bool TryGetValue(ReadOnlySpan<byte> name, Span<byte> destination, out int written)
    {
        written = 0;
        if (!TryGetRawValue(name, out var raw) || destination.Length < raw.Length)
        {
            return false;
        }

        written = DecodeValue(raw, destination);
        return true;
    }

    /// <summary>Parses a UUID header (<c>Unique-ID</c>, <c>Job-UUID</c>, <c>Application-UUID</c>…) straight from UTF-8.</summary>
    public bool TryGetGuid(ReadOnlySpan<byte> name, out Guid value)
    {
        value = default;
        return TryGetRawValue(name, out var raw) && EslUuid.TryParse(raw, out value);
    }

    /// <summary>The channel's <c>Unique-ID</c>, for dispatch by channel without building a string.</summary>
    public bool TryGetUniqueId(out Guid value) => TryGetGuid(EslHeaderNames.UniqueId, out value);

    /// <summary>Copies the event into an owned <see cref="EslEvent"/>; the allocating path.</summary>
    /// <exception cref="EslProtocolException">The event body is malformed (json/xml).</exception>
    public readonly EslEvent ToEvent() => EslEvent.Parse(Format, _source);

    internal static EslEventView FromPlain(ReadOnlySpan<byte> body) => new(EslEventFormat.Plain, body, default, default);

    /// <summary>Splits a plain event into its header block and its own body (empty when it has none).</summary>
    internal static ReadOnlySpan<byte> SplitPlain(ReadOnlySpan<byte> source, out ReadOnlySpan<byte> body)
    {
        int end = EslByteSearch.IndexOfBlankLine(source, out int length);
        body = end < 0 ? default : source[(end + length)..];
        return end < 0 ? source : source[..end];
    }

    internal static EslEventView FromJson(ReadOnlySpan<byte> body) => new(EslEventFormat.Json, body, body, default);

    internal static EslEventView FromXml(ReadOnlySpan<byte> body)
    {
        var headers = body;
        int open = EslXmlText.IndexOfElement(body, "headers"u8, 0, out _);
        if (open >= 0)
        {
            int start = open + "<headers>".Length;
            int close = body[start..].IndexOf("</headers>"u8);
            headers = close < 0 ? body[start..] : body.Slice(start, close);
        }

        int bodyOpen = open < 0 ? -1 : EslXmlText.IndexOfElement(body, "body"u8, open + headers.Length, out _);
        var text = default(ReadOnlySpan<byte>);
        if (bodyOpen >= 0)
        {
            int start = bodyOpen + "<body>".Length;
            int close = body[start..].LastIndexOf("</body>"u8);
            text = close < 0 ? body[start..] : body.Slice(start, close);

            // FreeSWITCH indents the closing tag when the text ends in a newline: "foo\n  </body>".
            if (text.EndsWith("\n  "u8))
            {
                text = text[..^2];
            }
        }

        return new EslEventView(EslEventFormat.Xml, body, headers, text);
    }
}
