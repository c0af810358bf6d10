using System.Buffers;
using System.Text;
using System.Text.Json;

namespace EslKit.Protocol;

/// <summary>
/// Decodes a header value found in an event's bytes into the UTF-8 bytes of its string form, exactly as
/// decoding the whole event does (<see cref="EslEventHeaderList"/>), and compares such bytes with a string.
/// </summary>
internal static class EslEventValues
{
    /// <summary>
    /// The largest decoded length of a raw value: decoding only shrinks, except for an array, whose
    /// <c>ARRAY::</c> prefix and two-byte separators can outgrow e.g. <c>[1,2,3]</c>.
    /// </summary>
    public static int MaxDecodedLength(int rawLength, EslValueEncoding encoding) =>
        encoding == EslValueEncoding.JsonArray ? (2 * rawLength) + 8 : rawLength;

    /// <summary>True when the raw bytes already are the decoded value.</summary>
    public static bool IsVerbatim(ReadOnlySpan<byte> raw, EslValueEncoding encoding) => encoding switch
    {
        EslValueEncoding.Url => !raw.Contains((byte)'%'),
        EslValueEncoding.JsonString => !raw.Contains((byte)'\\'),
        EslValueEncoding.JsonToken => true,
        EslValueEncoding.JsonNull => raw.IsEmpty,
        _ => false,
    };

    /// <summary>Decodes into <paramref name="destination"/>, at least <see cref="MaxDecodedLength"/> long.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Decode(ReadOnlySpan<byte> raw, EslValueEncoding encoding, Span<byte> destination)
    {
        switch (encoding)
        {
            case EslValueEncoding.Url:
                return EslUrlDecoder.Decode(raw, destination);
            case EslValueEncoding.JsonString:
                return EslJsonText.Unescape(raw, destination);
            case EslValueEncoding.JsonToken:
                raw.CopyTo(destination);
                return raw.Length;
            case EslValueEncoding.JsonNull:
                return 0;
            default:
                return DecodeJsonArray(raw, destination);
        }
    }

    /// <summary>
    /// True when <paramref name="text"/> is the string the UTF-8 bytes decode to (invalid sequences as U+FFFD,
    /// as <see cref="Encoding.UTF8"/> decodes them).
    /// </summary>
    public static bool TextEquals(string text, ReadOnlySpan<byte> utf8)
    {
        if (text.Length == utf8.Length && Ascii.Equals(utf8, text))
        {
            return true;
        }

        // ASCII bytes give one char each, so a miss above is final; otherwise a UTF-16 string is never longer
        // (in chars) than its UTF-8 form (in bytes), invalid bytes included.
        if (text.Length > utf8.Length || Ascii.IsValid(utf8))
        {
            return false;
        }

        const int StackLimit = 256;
        char[]? rented = null;
        Span<char> chars = utf8.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            int count = Encoding.UTF8.GetChars(utf8, chars);
            return chars[..count].SequenceEqual(text);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    // "ARRAY::" and the items joined by "|:", each decoded as a scalar member is (null as empty). The event's
    // shape was checked when it was parsed (EslJsonEventShape): valid JSON, items all scalars.
    private static int DecodeJsonArray(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        "ARRAY::"u8.CopyTo(destination);
        int written = 7;
        bool first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first)
            {
                "|:"u8.CopyTo(destination[written..]);
                written += 2;
            }

            first = false;
            var item = reader.ValueSpan;
            if (reader.TokenType == JsonTokenType.String)
            {
                written += EslJsonText.Unescape(item, destination[written..]);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                item.CopyTo(destination[written..]);
                written += item.Length;
            }
        }

        return written;
    }
}
