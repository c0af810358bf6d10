using System.Globalization;
using System.Text;
using System.Text.Json;

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

    /// <summary>Appends a JSON value as cJSON_PrintUnformatted prints it (objects and arrays without spaces, cJSON's numbers).</summary>
    public static void AppendValue(JsonElement value, ByteBuffer output)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                output.Append((byte)'{');
                bool firstProperty = true;
                foreach (var property in value.EnumerateObject())
                {
                    if (!firstProperty)
                    {
                        output.Append((byte)',');
                    }

                    firstProperty = false;
                    AppendString(Encoding.UTF8.GetBytes(property.Name), output);
                    output.Append((byte)':');
                    AppendValue(property.Value, output);
                }

                output.Append((byte)'}');
                break;
            case JsonValueKind.Array:
                output.Append((byte)'[');
                bool firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        output.Append((byte)',');
                    }

                    firstItem = false;
                    AppendValue(item, output);
                }

                output.Append((byte)']');
                break;
            case JsonValueKind.String:
                AppendString(Encoding.UTF8.GetBytes(value.GetString()!), output);
                break;
            case JsonValueKind.Number:
                output.AppendUtf8(Number(value.GetDouble()));
                break;
            case JsonValueKind.True:
                output.Append("true"u8);
                break;
            case JsonValueKind.False:
                output.Append("false"u8);
                break;
            default:
                output.Append("null"u8);
                break;
        }
    }

    /// <summary>cJSON's print_number: an integer that fits an int as such, else up to 17 significant digits.</summary>
    private static string Number(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            return "null";
        }

        if (d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue)
        {
            return ((int)d).ToString(CultureInfo.InvariantCulture);
        }

        string text = d.ToString("G15", CultureInfo.InvariantCulture);
        if (double.Parse(text, CultureInfo.InvariantCulture) != d)
        {
            text = d.ToString("G17", CultureInfo.InvariantCulture);
        }

        return text.Replace("E", "e", StringComparison.Ordinal);
    }
}
