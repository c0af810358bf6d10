using System.Text.Json;

namespace EslKit.Protocol;

/// <summary>
/// One pass of <see cref="Utf8JsonReader"/> over a json event (the reader validates; nothing is decoded) that
/// says whether the event has the flat shape FreeSWITCH writes, where in-place member lookups find exactly
/// what decoding the whole object would: one object of members with unescaped names each followed directly by
/// ':', values that are strings, numbers, literals or arrays of those, no comments, at most one <c>_body</c>
/// and that a string. Anything else (including invalid JSON) is <see cref="IsFlat"/> false, and the caller
/// decodes the event whole, which raises the typed error for invalid JSON.
/// </summary>
/// <remarks>
/// The compact form FreeSWITCH writes (no whitespace, string values, arrays of strings) is recognised first
/// by a stricter and faster scan; whatever it accepts, <see cref="Utf8JsonReader"/> accepts too, with the same
/// members (a property test holds the two together).
/// </remarks>
internal readonly struct EslJsonEventShape
{

    private EslJsonEventShape(int headerCount, int bodyStart, int bodyLength, bool bodyEscaped)
    {
        IsFlat = true;
        HeaderCount = headerCount;
        BodyStart = bodyStart;
        BodyLength = bodyLength;
        BodyEscaped = bodyEscaped;
    }

    public bool IsFlat { get; }

    /// <summary>Members other than <c>_body</c>.</summary>
    public int HeaderCount { get; }

    /// <summary>Where the <c>_body</c> string's content starts (after its quote); -1 without a body.</summary>
    public int BodyStart { get; }

    /// <summary>The length of the <c>_body</c> string's content, still escaped.</summary>
    public int BodyLength { get; }

    /// <summary>True when the body's content holds escapes (it must be unescaped into a copy).</summary>
    public bool BodyEscaped { get; }

    public static EslJsonEventShape Read(ReadOnlySpan<byte> json) => TryReadCompact(json, out var shape) ? shape : ReadAny(json);

    /// <summary>The general pass: any JSON <see cref="Utf8JsonReader"/> reads.</summary>
    internal static EslJsonEventShape ReadAny(ReadOnlySpan<byte> json)
    {
        try
        {
            // Comments are surfaced (Allow) only so that they can be refused here; the whole-object decoder skips them.
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Allow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            int headers = 0;
            int bodies = 0;
            int bodyStart = -1;
            int bodyLength = 0;
            bool bodyEscaped = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
                {
                    return default;
                }

                int quote = (int)reader.TokenStartIndex;
                int nameLength = reader.ValueSpan.Length;
                if (quote + nameLength + 2 >= json.Length || json[quote + nameLength + 2] != (byte)':')
                {
                    return default; // whitespace before ':' (never from FreeSWITCH): member search anchors on "name":
                }

                bool isBody = EslByteSearch.NameEquals(reader.ValueSpan, "_body"u8);
                if (!reader.Read() || !IsFlatValue(ref reader, isBody))
                {
                    return default;
                }

                if (isBody)
                {
                    bodies++;
                    bodyStart = (int)reader.TokenStartIndex + 1;
                    bodyLength = reader.ValueSpan.Length;
                    bodyEscaped = reader.ValueIsEscaped;
                }
                else
                {
                    headers++;
                }
            }

            // Anything after the object (a comment included) is left to the whole-object decoder to judge.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || bodies > 1)
            {
                return default;
            }

            return new EslJsonEventShape(headers, bodyStart, bodyLength, bodyEscaped);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static bool IsFlatValue(ref Utf8JsonReader reader, bool isBody)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return true;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                return !isBody;
            case JsonTokenType.StartArray when !isBody:
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.EndArray:
                            return true;
                        case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                            continue;
                        default:
                            return false;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Recognises <c>{"name":"value","name":["a","b"],…}</c> exactly: no whitespace, names without escapes,
    /// values strings or arrays of strings, valid escapes, no raw control bytes, nothing after the object.
    /// False for anything else (valid or not), which the general pass then judges.
    /// </summary>
    internal static bool TryReadCompact(ReadOnlySpan<byte> json, out EslJsonEventShape shape)
    {
        shape = default;
        if (json.Length < 2 || json[0] != (byte)'{')
        {
            return false;
        }

        int headers = 0;
        int bodies = 0;
        int bodyStart = -1;
        int bodyLength = 0;
        bool bodyEscaped = false;
        var specials = new EslJsonSpecialBytes(json);
        int p = 1;
        if (json[p] != (byte)'}')
        {
            while (true)
            {
                // "name": with nothing to unescape in the name
                if (json[p] != (byte)'"')
                {
                    return false;
                }

                int nameStart = p + 1;
                int nameEnd = specials.Next(nameStart);
                if (nameEnd < 0 || json[nameEnd] != (byte)'"')
                {
                    return false;
                }

                int nameLength = nameEnd - nameStart;
                p = nameEnd + 1;
                if (p + 1 >= json.Length || json[p] != (byte)':')
                {
                    return false;
                }

                p++;
                bool isBody = nameLength == 5 && EslByteSearch.NameEquals(json.Slice(nameStart, 5), "_body"u8);
                if (json[p] == (byte)'"')
                {
                    int valueStart = p + 1;
                    if (!SkipString(json, ref specials, ref p, out bool escaped))
                    {
                        return false;
                    }

                    if (isBody)
                    {
                        bodies++;
                        bodyStart = valueStart;
                        bodyLength = p - 1 - valueStart;
                        bodyEscaped = escaped;
                    }
                    else
                    {
                        headers++;
                    }
                }
                else if (json[p] == (byte)'[' && !isBody && SkipStringArray(json, ref specials, ref p))
                {
                    headers++;
                }
                else
                {
                    return false;
                }

                if (p >= json.Length)
                {
                    return false;
                }

                if (json[p] == (byte)'}')
                {
                    break;
                }

                if (json[p] != (byte)',' || ++p >= json.Length)
                {
                    return false;
                }
            }
        }

        if (p + 1 != json.Length || bodies > 1)
        {
            return false;
        }

        shape = new EslJsonEventShape(headers, bodyStart, bodyLength, bodyEscaped);
        return true;
    }

    // From the opening quote at p to just past the closing quote; false for anything JSON does not allow in a string.
    private static bool SkipString(ReadOnlySpan<byte> json, ref EslJsonSpecialBytes specials, ref int p, out bool escaped)
    {
        escaped = false;
        int i = p + 1;
        while (true)
        {
            i = specials.Next(i);
            if (i < 0)
            {
                return false;
            }

            if (json[i] == (byte)'"')
            {
                p = i + 1;
                return true;
            }

            if (json[i] != (byte)'\\' || i + 1 >= json.Length)
            {
                return false; // a raw control byte, or an escape cut short
            }

            escaped = true;
            switch (json[i + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    i += 2;
                    break;
                case (byte)'u' when i + 6 <= json.Length && IsHex(json[i + 2]) && IsHex(json[i + 3]) && IsHex(json[i + 4]) && IsHex(json[i + 5]):
                    i += 6;
                    break;
                default:
                    return false;
            }
        }
    }

    // ["a","b"] from the bracket at p to just past the closing one.
    private static bool SkipStringArray(ReadOnlySpan<byte> json, ref EslJsonSpecialBytes specials, ref int p)
    {
        p++;
        if (p < json.Length && json[p] == (byte)']')
        {
            p++;
            return true;
        }

        while (p < json.Length && json[p] == (byte)'"' && SkipString(json, ref specials, ref p, out _) && p < json.Length)
        {
            if (json[p] == (byte)']')
            {
                p++;
                return true;
            }

            if (json[p] != (byte)',')
            {
                return false;
            }

            p++;
        }

        return false;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);
}
