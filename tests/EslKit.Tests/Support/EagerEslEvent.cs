using System.Text;
using System.Text.Json;
using EslKit.Protocol;

namespace EslKit.Tests.Support;

/// <summary>
/// The test oracle for <see cref="EslEvent"/>: EslEvent as it was before it became lazy (every header decoded
/// into strings when parsed), kept verbatim apart from its name. The lazy event must answer every question
/// exactly as this one does.
/// </summary>
internal sealed class EagerEslEvent
{
    private const string ArrayPrefix = "ARRAY::";
    private readonly KeyValuePair<string, string>[] _headers;
    private Dictionary<string, string>? _index;

    private EagerEslEvent(EslEventFormat format, KeyValuePair<string, string>[] headers, byte[] body)
    {
        Format = format;
        _headers = headers;
        Body = body;
        RawName = this[EslHeaderNamesText.EventName] ?? string.Empty;
        Name = EslEventNames.Parse(RawName);
        Subclass = this[EslHeaderNamesText.EventSubclass];
    }

    /// <summary>How the event was serialised on the wire.</summary>
    public EslEventFormat Format { get; }

    /// <summary>The event type (<see cref="EslEventName.Unknown"/> for names EslKit does not know; see <see cref="RawName"/>).</summary>
    public EslEventName Name { get; }

    /// <summary>The <c>Event-Name</c> as sent (empty when absent).</summary>
    public string RawName { get; }

    /// <summary>The <c>Event-Subclass</c> of a CUSTOM event (e.g. <c>sofia::gateway_state</c>), or null.</summary>
    public string? Subclass { get; }

    /// <summary>All headers, decoded, in the order they were sent (duplicates kept).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>The event's own body as bytes (empty when it has none).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The <c>Unique-ID</c> of the channel the event is about, or null.</summary>
    public Guid? UniqueId => GetGuid(EslHeaderNamesText.UniqueId);

    /// <summary>The <c>Job-UUID</c> of a BACKGROUND_JOB, or null.</summary>
    public Guid? JobUuid => GetGuid(EslHeaderNamesText.JobUuid);

    /// <summary>The <c>Application-UUID</c> of CHANNEL_EXECUTE(_COMPLETE), or null.</summary>
    public Guid? ApplicationUuid => GetGuid(EslHeaderNamesText.ApplicationUuid);

    /// <summary>A header's decoded value (first of that name, ASCII case-insensitive), or null.</summary>
    public string? this[string name] => TryGetHeader(name, out var value) ? value : null;

    /// <summary>Looks up a header's decoded value.</summary>
    public bool TryGetHeader(string name, out string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        _index ??= BuildIndex(_headers);
        if (_index.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>
    /// The items of an array header (<c>ARRAY::a|:b</c> in plain, a JSON array in json, repeated
    /// elements in xml); a scalar header gives one item, an absent one none.
    /// </summary>
    public IReadOnlyList<string> GetArray(string name)
    {
        if (!TryGetHeader(name, out var value))
        {
            return [];
        }

        return value.StartsWith(ArrayPrefix, StringComparison.Ordinal)
            ? value[ArrayPrefix.Length..].Split("|:")
            : [value];
    }

    /// <summary>A header holding a UUID, parsed; null when absent or not a UUID.</summary>
    public Guid? GetGuid(string name) => TryGetHeader(name, out var value) && Guid.TryParseExact(value, "D", out var id) ? id : null;

    /// <summary>A summary for logs: name, subclass, channel, header count and body size; never header values.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(RawName.Length + 96);
        text.Append(RawName.Length == 0 ? "(no Event-Name)" : RawName);
        if (Subclass is not null)
        {
            text.Append(' ').Append(Subclass);
        }

        if (UniqueId is { } id)
        {
            text.Append(" Unique-ID=").Append(id);
        }

        if (JobUuid is { } job)
        {
            text.Append(" Job-UUID=").Append(job);
        }

        return text.Append(" (").Append(_headers.Length).Append(" headers, body ").Append(Body.Length).Append(" bytes)").ToString();
    }

    /// <summary>Materialises an event from a frame body of the given format.</summary>
    /// <exception cref="EslProtocolException">The body is not a valid event of that format.</exception>
    public static EagerEslEvent Parse(EslEventFormat format, ReadOnlySpan<byte> frameBody) => format switch
    {
        EslEventFormat.Plain => ParsePlain(frameBody),
        EslEventFormat.Json => ParseJson(frameBody),
        EslEventFormat.Xml => ParseXml(frameBody),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static Dictionary<string, string> BuildIndex(KeyValuePair<string, string>[] headers)
    {
        var index = new Dictionary<string, string>(headers.Length, EslNameComparer.Instance);
        foreach (var (name, value) in headers)
        {
            index.TryAdd(name, value);
        }

        return index;
    }

    private static EagerEslEvent ParsePlain(ReadOnlySpan<byte> frameBody)
    {
        var block = EslEventView.SplitPlain(frameBody, out var body);
        var headers = new List<KeyValuePair<string, string>>(64);
        foreach (var header in new EslHeaders(block))
        {
            headers.Add(new(EslNameCache.GetString(header.Name), EslUrlDecoder.DecodeToString(header.Value)));
        }

        return new EagerEslEvent(EslEventFormat.Plain, [.. headers], body.ToArray());
    }

    private static EagerEslEvent ParseJson(ReadOnlySpan<byte> frameBody)
    {
        var headers = new List<KeyValuePair<string, string>>(64);
        byte[] body = [];
        try
        {
            var reader = new Utf8JsonReader(frameBody, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Malformed("a json event is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.ValueIsEscaped ? JsonString(reader) : EslNameCache.GetString(reader.ValueSpan);
                reader.Read();
                if (EslNameComparer.Instance.Equals(name, "_body")) // the same rule as EslEventView.RawBody
                {
                    body = reader.TokenType == JsonTokenType.String ? JsonStringBytes(reader) : [];
                    continue;
                }

                headers.Add(new(name, ReadJsonValue(ref reader)));
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw Malformed("a json event has data after its object");
            }
        }
        catch (JsonException)
        {
            throw Malformed("a json event is not valid JSON");
        }

        return new EagerEslEvent(EslEventFormat.Json, [.. headers], body);
    }

    private static string ReadJsonValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return JsonString(reader);
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadJsonValue(ref reader));
                }

                return ArrayPrefix + string.Join("|:", items);
            case JsonTokenType.StartObject:
                reader.Skip();
                return string.Empty;
            case JsonTokenType.Null:
                return string.Empty;
            default:
                return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    // Strings are unescaped by the view's own decoder rather than Utf8JsonReader.GetString, which throws on
    // invalid UTF-8 (cJSON passes a channel's raw bytes through) and on lone surrogate escapes; this never
    // throws, turns both into U+FFFD, and keeps the materialised event equal to what EslEventView decodes.
    private static string JsonString(in Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return Encoding.UTF8.GetString(raw);
        }

        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, EslJsonText.Unescape(raw, buffer));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The body keeps its exact bytes (after unescaping), as a plain event's body does.
    private static byte[] JsonStringBytes(in Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return raw.ToArray();
        }

        byte[] buffer = new byte[raw.Length]; // unescaping only shrinks
        Array.Resize(ref buffer, EslJsonText.Unescape(raw, buffer));
        return buffer;
    }

    private static EagerEslEvent ParseXml(ReadOnlySpan<byte> frameBody)
    {
        var view = EslEventView.FromXml(frameBody);
        var headers = new List<KeyValuePair<string, string>>(64);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var xml = view.RawHeaders;
        byte[] scratch = new byte[256];
        int p = 0;
        while (true)
        {
            int open = xml[p..].IndexOf((byte)'<');
            if (open < 0)
            {
                break;
            }

            p += open;
            int gt = xml[p..].IndexOf((byte)'>');
            if (gt < 2 || xml[p + 1] == (byte)'/')
            {
                throw Malformed("an xml event header is not an element");
            }

            ReadOnlySpan<byte> name;
            ReadOnlySpan<byte> raw;
            if (xml[p + gt - 1] == (byte)'/')
            {
                name = xml.Slice(p + 1, gt - 2); // <Name/>: an empty value
                raw = default;
                p += gt + 1;
            }
            else
            {
                name = xml.Slice(p + 1, gt - 1);
                int start = p + gt + 1;
                int lt = xml[start..].IndexOf((byte)'<');
                if (lt < 0 || !xml[(start + lt)..].StartsWith("</"u8))
                {
                    throw Malformed("an xml event header element is not closed");
                }

                raw = xml.Slice(start, lt);
                int closeEnd = xml[(start + lt)..].IndexOf((byte)'>');
                if (closeEnd < 0)
                {
                    throw Malformed("an xml event header element is not closed");
                }

                p = start + lt + closeEnd + 1;
            }

            if (scratch.Length < raw.Length)
            {
                scratch = new byte[raw.Length];
            }

            string nameText = EslNameCache.GetString(name);
            string value = Encoding.UTF8.GetString(scratch, 0, view.DecodeValue(raw, scratch));
            if (positions.TryGetValue(nameText, out int existing))
            {
                // Repeated elements are the items of an array header.
                string previous = headers[existing].Value;
                string items = previous.StartsWith(ArrayPrefix, StringComparison.Ordinal) ? previous : ArrayPrefix + previous;
                headers[existing] = new(nameText, items + "|:" + value);
            }
            else
            {
                positions.Add(nameText, headers.Count);
                headers.Add(new(nameText, value));
            }
        }

        var rawBody = view.RawBody;
        var body = new byte[rawBody.Length];
        int bodyLength = EslXmlText.Unescape(rawBody, body);
        return new EagerEslEvent(EslEventFormat.Xml, [.. headers], body.AsSpan(0, bodyLength).ToArray());
    }

    private static EslProtocolException Malformed(string detail) => new(EslProtocolError.MalformedEvent, -1, detail);
}
