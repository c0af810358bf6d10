using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using EslKit.Protocol;

namespace EslKit;

/// <summary>
/// An owned, materialised event: decoded header strings in the order FreeSWITCH sent them, array
/// values split, and the body. Materialising is explicit (<see cref="EslEventView.ToEvent"/>,
/// <see cref="Parse"/>) and is the only allocating path of the parser. Lookups by name ignore ASCII
/// case, as FreeSWITCH's do; the first header of a name wins.
/// </summary>
/// <remarks>
/// <para>
/// An event is one copy of its bytes. A header is found in them when it is first asked for (the in-place
/// view's vectorised search) and its value decoded then and kept, so an event costs its bytes plus what is
/// read from it: UUIDs (<see cref="UniqueId"/>, <see cref="GetGuid"/>) and a known <see cref="Name"/> cost no
/// string at all, and values a node repeats on every event (<c>Core-UUID</c>, host name, states, causes) are one
/// string shared by all events. <see cref="Headers"/> decodes every header once, on first use. Events are
/// immutable and may be read from several threads at once (every subscription that wants an event gets the
/// same instance): what is decoded later is published whole, without locks.
/// </para>
/// <para>
/// An array header reads as FreeSWITCH's own string form <c>ARRAY::a|:b</c> in every format;
/// <see cref="GetArray"/> splits it. <see cref="ToString"/> never prints header values, so secrets a
/// channel carries (e.g. <c>variable_sip_auth_password</c>) cannot reach a log through it.
/// </para>
/// </remarks>
public sealed class EslEvent
{
    private const int NotFound = -1;
    private const int StackLimit = 256;

    // Longer names are looked up in the decoded list (no header name comes near it).
    private const int MaxSearchedName = 128;

    // A header name that could begin right after a JSON string's closing quote, so that a member search for it
    // might start at that quote; and bytes a JSON name can only hold escaped. Such names take the decoded list.
    private static readonly SearchValues<byte> JsonAfterString = SearchValues.Create(" \t\r\n,:}]"u8);
    private static readonly SearchValues<byte> JsonEscaped = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"u8);

    private readonly byte[] _data;
    private readonly EslEventLayout _layout;
    private readonly bool _bodyEscaped;

    // Where the body lies in _data: json and xml know when parsed; a plain event's runs to the end and starts
    // after the first blank line, NotFound until looked for.
    private readonly int _bodyLength;
    private int _bodyStart;

    // Plain lookups: how much of the event is known to be headers (see EslPlainHeaderBlock).
    private int _cleanUpTo;
    private int _blockEnd = -1;

    private int _name = -1;
    private byte[]? _decodedBody;
    private EslEventHeaderList? _all;
    private EslDecodedStrings _decoded;

    private EslEvent(byte[] data, EslEventLayout layout, int bodyStart, int bodyLength, bool bodyEscaped, EslEventHeaderList? all)
    {
        _data = data;
        _layout = layout;
        _bodyStart = bodyStart;
        _bodyLength = bodyLength;
        _bodyEscaped = bodyEscaped;
        _all = all;
    }

    private enum Lookup
    {
        Absent,
        Found,

        // The name cannot be searched for in the bytes (see Locate): ask the decoded list.
        NotSearchable,
    }

    /// <summary>How the event was serialised on the wire.</summary>
    public EslEventFormat Format => _layout switch
    {
        EslEventLayout.Plain => EslEventFormat.Plain,
        EslEventLayout.Xml => EslEventFormat.Xml,
        _ => EslEventFormat.Json,
    };

    /// <summary>The event type (<see cref="EslEventName.Unknown"/> for names EslKit does not know; see <see cref="RawName"/>).</summary>
    public EslEventName Name
    {
        get
        {
            int name = Volatile.Read(ref _name);
            if (name < 0)
            {
                name = (int)EslEventNames.Parse(RawName);
                Volatile.Write(ref _name, name);
            }

            return (EslEventName)name;
        }
    }

    /// <summary>The <c>Event-Name</c> as sent (empty when absent).</summary>
    public string RawName
    {
        get
        {
            if (!IsSearchable)
            {
                return All.TryGetValue(EslHeaderNamesText.EventName, out var value) ? value : string.Empty;
            }

            if (Locate(EslHeaderNames.EventName, out int start, out int length, out var encoding) != Lookup.Found)
            {
                return string.Empty;
            }

            // A known name as FreeSWITCH writes it is the table's own string: nothing to allocate.
            var raw = _data.AsSpan(start, length);
            if (raw.Length <= 64 && EslEventValues.IsVerbatim(raw, encoding)
                && EslEventNames.Parse(raw) is var known and not EslEventName.Unknown
                && EslEventNames.GetName(known) is var wireName && Ascii.Equals(raw, wireName))
            {
                return wireName;
            }

            return Decode(start, length, encoding, shared: false);
        }
    }

    /// <summary>The <c>Event-Subclass</c> of a CUSTOM event (e.g. <c>sofia::gateway_state</c>), or null.</summary>
    public string? Subclass => this[EslHeaderNamesText.EventSubclass];

    /// <summary>All headers, decoded, in the order they were sent (duplicates kept).</summary>
    /// <remarks>Decodes every header on first use (once per event); lookups by name do not need it.</remarks>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => All.Headers;

    /// <summary>The event's own body as bytes (empty when it has none).</summary>
    public ReadOnlyMemory<byte> Body
    {
        get
        {
            if (_layout == EslEventLayout.JsonDecoded)
            {
                return All.Body;
            }

            int start = Volatile.Read(ref _bodyStart);
            if (start == NotFound)
            {
                start = PlainBodyStart();
                Volatile.Write(ref _bodyStart, start);
            }

            int length = _layout == EslEventLayout.Plain ? _data.Length - start : _bodyLength;
            return _bodyEscaped ? DecodedBody(start, length) : new ReadOnlyMemory<byte>(_data, start, length);
        }
    }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The <c>Unique-ID</c> of the channel the event is about, or null.</summary>
    public Guid? UniqueId => GetGuid(EslHeaderNamesText.UniqueId);

    /// <summary>The <c>Job-UUID</c> of a BACKGROUND_JOB, or null.</summary>
    public Guid? JobUuid => GetGuid(EslHeaderNamesText.JobUuid);

    /// <summary>The <c>Application-UUID</c> of CHANNEL_EXECUTE(_COMPLETE), or null.</summary>
    public Guid? ApplicationUuid => GetGuid(EslHeaderNamesText.ApplicationUuid);

    // Plain events and flat json events are searched in place; the others read the decoded list.
    private bool IsSearchable => _layout is EslEventLayout.Plain or EslEventLayout.Json;

    private EslEventHeaderList All
    {
        get
        {
            var all = Volatile.Read(ref _all);
            if (all is null)
            {
                all = EslEventHeaderList.Read(Format, _data); // cannot throw: the event was validated when parsed
                all = Interlocked.CompareExchange(ref _all, all, null) ?? all;
            }

            return all;
        }
    }

    /// <summary>A header's decoded value (first of that name, ASCII case-insensitive), or null.</summary>
    public string? this[string name] => TryGetHeader(name, out var value) ? value : null;

    /// <summary>Looks up a header's decoded value.</summary>
    public bool TryGetHeader(string name, out string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsSearchable)
        {
            switch (Locate(name, out int start, out int length, out var encoding, out bool shared))
            {
                case Lookup.Found:
                    value = Decode(start, length, encoding, shared);
                    return true;
                case Lookup.Absent:
                    value = string.Empty;
                    return false;
            }
        }

        if (All.TryGetValue(name, out var found))
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

        return value.StartsWith(EslEventHeaderList.ArrayPrefix, StringComparison.Ordinal)
            ? value[EslEventHeaderList.ArrayPrefix.Length..].Split("|:")
            : [value];
    }

    /// <summary>A header holding a UUID, parsed; null when absent or not a UUID.</summary>
    public Guid? GetGuid(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsSearchable)
        {
            // Parsed from the bytes: no string for what is read as a Guid.
            var lookup = Locate(name, out int start, out int length, out var encoding, out _);
            if (lookup == Lookup.Absent)
            {
                return null;
            }

            if (lookup == Lookup.Found && encoding != EslValueEncoding.JsonArray && length <= StackLimit)
            {
                return ParseGuid(_data.AsSpan(start, length), encoding);
            }
        }

        return TryGetHeader(name, out var value) && Guid.TryParseExact(value, "D", out var id) ? id : null;
    }

    /// <summary>A summary for logs: name, subclass, channel, header count and body size; never header values.</summary>
    public override string ToString()
    {
        string rawName = RawName;
        var text = new StringBuilder(rawName.Length + 96);
        text.Append(rawName.Length == 0 ? "(no Event-Name)" : rawName);
        if (Subclass is { } subclass)
        {
            text.Append(' ').Append(subclass);
        }

        if (UniqueId is { } id)
        {
            text.Append(" Unique-ID=").Append(id);
        }

        if (JobUuid is { } job)
        {
            text.Append(" Job-UUID=").Append(job);
        }

        return text.Append(" (").Append(HeaderCount()).Append(" headers, body ").Append(Body.Length).Append(" bytes)").ToString();
    }

    /// <summary>Materialises an event from a frame body of the given format (one copy of the bytes).</summary>
    /// <exception cref="EslProtocolException">The body is not a valid event of that format.</exception>
    public static EslEvent Parse(EslEventFormat format, ReadOnlySpan<byte> frameBody)
    {
        switch (format)
        {
            case EslEventFormat.Plain:
                return new EslEvent(Copy(frameBody), EslEventLayout.Plain, NotFound, 0, bodyEscaped: false, all: null);
            case EslEventFormat.Json:
            {
                byte[] data = Copy(frameBody);
                var shape = EslJsonEventShape.Read(data);
                return shape.IsFlat
                    ? new EslEvent(data, EslEventLayout.Json, Math.Max(shape.BodyStart, 0), shape.BodyLength, shape.BodyEscaped, all: null)
                    : new EslEvent(data, EslEventLayout.JsonDecoded, 0, 0, bodyEscaped: false, EslEventHeaderList.Read(EslEventFormat.Json, data));
            }

            case EslEventFormat.Xml:
            {
                byte[] data = Copy(frameBody);
                var view = EslEventView.FromXml(data);
                var elements = new EslXmlHeaderElements(view.RawHeaders);
                while (elements.MoveNext())
                {
                    // Walking every element validates the event now, as decoding it whole did.
                }

                var body = view.RawBody;
                return new EslEvent(data, EslEventLayout.Xml, body.IsEmpty ? 0 : OffsetIn(data, body), body.Length, body.Contains((byte)'&'), all: null);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    // The event's one copy; every byte is overwritten, so the runtime need not zero it first.
    private static byte[] Copy(ReadOnlySpan<byte> frameBody)
    {
        byte[] data = GC.AllocateUninitializedArray<byte>(frameBody.Length);
        frameBody.CopyTo(data);
        return data;
    }

    // Where a slice of data starts in it (a span slice keeps its position even when empty).
    private static int OffsetIn(byte[] data, ReadOnlySpan<byte> slice) =>
        (int)Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(data), ref MemoryMarshal.GetReference(slice));

    // raw is at most StackLimit bytes.
    private static Guid? ParseGuid(ReadOnlySpan<byte> raw, EslValueEncoding encoding)
    {
        bool verbatim = EslEventValues.IsVerbatim(raw, encoding);
        Span<byte> buffer = stackalloc byte[verbatim ? 0 : raw.Length];
        var utf8 = verbatim ? raw : buffer[..EslEventValues.Decode(raw, encoding, buffer)];
        return EslUuid.TryParse(utf8, out var id) ? id : ParseOtherGuidForm(utf8);
    }

    // Anything but the canonical form: exactly what Guid.TryParseExact makes of the decoded string.
    private static Guid? ParseOtherGuidForm(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[utf8.Length];
        int count = Encoding.UTF8.GetChars(utf8, chars);
        return Guid.TryParseExact(chars[..count], "D", out var id) ? id : null;
    }

    private Lookup Locate(string name, out int start, out int length, out EslValueEncoding encoding, out bool shared)
    {
        shared = false;
        if (!IsSearchableName(name))
        {
            start = length = 0;
            encoding = default;
            return Lookup.NotSearchable;
        }

        Span<byte> utf8 = stackalloc byte[name.Length * 3]; // enough: no surrogates, at most three bytes a char
        int n = Encoding.UTF8.GetBytes(name, utf8);
        var lookup = Locate(utf8[..n], out start, out length, out encoding);
        shared = lookup == Lookup.Found && EslSharedValues.IsShared(utf8[..n]);
        return lookup;
    }

    // Names with a surrogate or U+FFFD may match a name whose bytes were not UTF-8: only the decoded list knows.
    // (A loop rather than ContainsAnyInRange, which allocates until the JIT has optimised it.)
    private static bool IsSearchableName(string name)
    {
        if (name.Length > MaxSearchedName)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (char.IsSurrogate(c) || c == '\uFFFD')
            {
                return false;
            }
        }

        return true;
    }

    // Finds the first header of that name in the bytes, with exactly the answer decoding them whole would give.
    private Lookup Locate(ReadOnlySpan<byte> name, out int start, out int length, out EslValueEncoding encoding)
    {
        start = length = 0;
        encoding = default;
        if (_layout == EslEventLayout.Plain)
        {
            // A header's name is its line up to the first ':'; an empty one is skipped.
            if (name.IsEmpty || name.IndexOfAny((byte)':', (byte)'\n') >= 0)
            {
                return Lookup.Absent;
            }

            int line = EslByteSearch.IndexOfHeaderLine(_data, name);
            if (line < 0 || !IsInHeaderBlock(line))
            {
                return Lookup.Absent;
            }

            PlainValueAt(line + name.Length + 1, out start, out length);
            encoding = EslValueEncoding.Url;
            return Lookup.Found;
        }

        // Json (flat): a member search starting at a quote finds a member name, provided the name could not
        // begin right after a closing quote and holds nothing JSON would have escaped.
        if (name.IsEmpty || JsonAfterString.Contains(name[0]) || name.ContainsAny(JsonEscaped))
        {
            return Lookup.NotSearchable;
        }

        if (EslByteSearch.NameEquals(name, "_body"u8))
        {
            return Lookup.Absent; // the body, not a header
        }

        int member = EslByteSearch.IndexOfJsonMember(_data, name);
        if (member < 0)
        {
            return Lookup.Absent;
        }

        if (!EslJsonText.TryReadValue(_data, member, name.Length, out var value, out bool isString))
        {
            return Lookup.NotSearchable; // not in a valid flat event; let the decoder answer
        }

        start = OffsetIn(_data, value);
        length = value.Length;
        encoding = isString ? EslValueEncoding.JsonString
            : value[0] == (byte)'[' ? EslValueEncoding.JsonArray
            : value.SequenceEqual("null"u8) ? EslValueEncoding.JsonNull
            : EslValueEncoding.JsonToken;
        return Lookup.Found;
    }

    private bool IsInHeaderBlock(int lineStart)
    {
        // Shared between readers: each value written is a fact about the bytes, so stale reads are harmless.
        int clean = Volatile.Read(ref _cleanUpTo);
        int end = Volatile.Read(ref _blockEnd);
        int cleanBefore = clean;
        int endBefore = end;
        bool inside = EslPlainHeaderBlock.Contains(_data, lineStart, ref clean, ref end);
        if (end != endBefore)
        {
            Volatile.Write(ref _blockEnd, end);
        }

        if (clean != cleanBefore)
        {
            Volatile.Write(ref _cleanUpTo, clean);
        }

        return inside;
    }

    // EslHeaders.ValueAt as a position: after "Name:" and any spaces or tabs, to the end of the line, CR excluded.
    private void PlainValueAt(int afterColon, out int start, out int length)
    {
        var data = _data;
        int lf = data.AsSpan(afterColon).IndexOf((byte)'\n');
        int end = lf < 0 ? data.Length : afterColon + lf;
        start = afterColon;
        while (start < end && (data[start] == (byte)' ' || data[start] == (byte)'\t'))
        {
            start++;
        }

        if (end > start && data[end - 1] == (byte)'\r')
        {
            end--;
        }

        length = end - start;
    }

    // The string for a value found in the bytes: from the event's cache when it was decoded before, else decoded
    // now (for a shared header, from the strings other events made) and kept.
    private string Decode(int start, int length, EslValueEncoding encoding, bool shared)
    {
        if (encoding == EslValueEncoding.JsonNull)
        {
            return string.Empty;
        }

        var raw = _data.AsSpan(start, length);
        bool verbatim = EslEventValues.IsVerbatim(raw, encoding);
        int size = verbatim ? 0 : EslEventValues.MaxDecodedLength(length, encoding);
        byte[]? rented = null;
        Span<byte> buffer = size <= StackLimit ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            ReadOnlySpan<byte> utf8 = verbatim ? raw : buffer[..EslEventValues.Decode(raw, encoding, buffer)];
            int home = EslDecodedStrings.Home(start);
            ref string? first = ref _decoded[home];
            ref string? second = ref _decoded[home ^ 1];
            if (Volatile.Read(ref first) is { } cached && EslEventValues.TextEquals(cached, utf8))
            {
                return cached;
            }

            if (Volatile.Read(ref second) is { } other && EslEventValues.TextEquals(other, utf8))
            {
                return other;
            }

            string decoded = shared ? EslSharedValues.GetString(utf8) : Encoding.UTF8.GetString(utf8);
            ref string? slot = ref first;
            if (Volatile.Read(ref first) is not null && Volatile.Read(ref second) is null)
            {
                slot = ref second;
            }

            Volatile.Write(ref slot, decoded);
            return decoded;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private int PlainBodyStart()
    {
        int end = EslByteSearch.IndexOfBlankLine(_data, out int terminator);
        if (end < 0)
        {
            return _data.Length;
        }

        Volatile.Write(ref _blockEnd, end);
        return end + terminator;
    }

    private ReadOnlyMemory<byte> DecodedBody(int start, int length)
    {
        var body = Volatile.Read(ref _decodedBody);
        if (body is null)
        {
            var raw = _data.AsSpan(start, length);
            byte[] buffer = new byte[length]; // unescaping only shrinks
            int n = _layout == EslEventLayout.Xml ? EslXmlText.Unescape(raw, buffer) : EslJsonText.Unescape(raw, buffer);
            body = n == length ? buffer : buffer.AsSpan(0, n).ToArray();
            body = Interlocked.CompareExchange(ref _decodedBody, body, null) ?? body;
        }

        return body;
    }

    private int HeaderCount()
    {
        switch (_layout)
        {
            case EslEventLayout.Plain:
                int count = 0;
                foreach (var _ in new EslHeaders(EslEventView.SplitPlain(_data, out _)))
                {
                    count++;
                }

                return count;
            case EslEventLayout.Json:
                return EslJsonEventShape.Read(_data).HeaderCount;
            default:
                return All.Headers.Length;
        }
    }
}
