using System.Buffers;
using System.Text;
using System.Text.Json;

namespace EslKit.Protocol;

/// <summary>
/// Every header of an event decoded at once, in order, with its body: what <see cref="EslEvent.Headers"/>
/// enumerates, and the whole of an event whose shape the lazy lookups do not cover (xml, json with nesting,
/// comments, escaped names or more than one <c>_body</c>). The one definition of what an event's headers are.
/// </summary>
internal sealed class EslEventHeaderList
{
    public const string ArrayPrefix = "ARRAY::";

    private Dictionary<string, string>? _index;

    private EslEventHeaderList(KeyValuePair<string, string>[] headers, byte[] body)
    {
        Headers = headers;
        Body = body;
    }

    public KeyValuePair<string, string>[] Headers { get; }

    public byte[] Body { get; }

    /// <summary>The first header of that name (<see cref="EslNameComparer"/>); the index is built on first use.</summary>
    public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        var index = Volatile.Read(ref _index);
        if (index is null)
        {
            index = new Dictionary<string, string>(Headers.Length, EslNameComparer.Instance);
            foreach (var (key, item) in Headers)
            {
                index.TryAdd(key, item);
            }

            // Built whole before it is published; a racing thread may build its own, equal one.
            index = Interlocked.CompareExchange(ref _index, index, null) ?? index;
        }

        return index.TryGetValue(name, out value);
    }

    /// <exception cref="EslProtocolException">The bytes are not a valid event of that format (json, xml).</exception>
    public static EslEventHeaderList Read(EslEventFormat format, ReadOnlySpan<byte> frameBody) => format switch
    {
        EslEventFormat.Plain => ReadPlain(frameBody),
        EslEventFormat.Json => ReadJson(frameBody),
        _ => ReadXml(frameBody),
    };

    public static EslProtocolException Malformed(string detail) => new(EslProtocolError.MalformedEvent, -1, detail);

    private static EslEventHeaderList ReadPlain(ReadOnlySpan<byte> frameBody)
    {
        var block = EslEventView.SplitPlain(frameBody, out var body);
        var headers = new List<KeyValuePair<string, string>>(160);
        foreach (var header in new EslHeaders(block))
        {
            headers.Add(new(EslNameCache.GetString(header.Name), EslUrlDecoder.DecodeToString(header.Value)));
        }

        return new EslEventHeaderList([.. headers], body.ToArray());
    }

    private static EslEventHeaderList ReadJson(ReadOnlySpan<byte> frameBody)
    {
        var headers = new List<KeyValuePair<string, string>>(160);
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

        return new EslEventHeaderList([.. headers], body);
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

        byte[] buffer = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, EslJsonText.Unescape(raw, buffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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

    private static EslEventHeaderList ReadXml(ReadOnlySpan<byte> frameBody)
    {
        var view = EslEventView.FromXml(frameBody);
        var headers = new List<KeyValuePair<string, string>>(160);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        byte[] scratch = new byte[256];
        var elements = new EslXmlHeaderElements(view.RawHeaders);
        while (elements.MoveNext())
        {
            var raw = elements.Value;
            if (scratch.Length < raw.Length)
            {
                scratch = new byte[raw.Length];
            }

            string nameText = EslNameCache.GetString(elements.Name);
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
        return new EslEventHeaderList([.. headers], body.AsSpan(0, bodyLength).ToArray());
    }
}
