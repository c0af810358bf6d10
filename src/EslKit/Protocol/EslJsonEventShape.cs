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

    public static EslJsonEventShape Read(ReadOnlySpan<byte> json)
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
}
