namespace EslKit.Testing.Internal;

/// <summary>String output exactly as cJSON's <c>print_string_ptr</c> writes it (FreeSWITCH's cJSON).</summary>
internal static class CJson
{
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Appends <paramref name="utf8"/> as a quoted JSON string.</summary>
    /// <remarks>
    /// Only <c>"</c>, <c>\</c> and bytes below 0x20 are escaped (\b \f \n \r \t, else \u00xx in lowercase
    /// hex); DEL, <c>/</c> and every byte of UTF-8 text go out raw.
    /// </remarks>
    public static void AppendString(ReadOnlySpan<byte> utf8, ByteBuffer output)
    {
        output.Append((byte)'"');
        foreach (byte c in utf8)
        {
            if (c > 31 && c != (byte)'"' && c != (byte)'\\')
            {
                output.Append(c);
                continue;
            }

            output.Append((byte)'\\');
            switch (c)
            {
                case (byte)'\\': output.Append((byte)'\\'); break;
                case (byte)'"': output.Append((byte)'"'); break;
                case (byte)'\b': output.Append((byte)'b'); break;
                case (byte)'\f': output.Append((byte)'f'); break;
                case (byte)'\n': output.Append((byte)'n'); break;
                case (byte)'\r': output.Append((byte)'r'); break;
                case (byte)'\t': output.Append((byte)'t'); break;
                default:
                    output.Append("u00"u8);
                    output.Append(Hex[c >> 4]);
                    output.Append(Hex[c & 0x0F]);
                    break;
            }
        }

        output.Append((byte)'"');
    }
}
