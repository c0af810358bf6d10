using System.Buffers;

namespace EslKit.Testing.Internal;

/// <summary>
/// FreeSWITCH's <c>switch_url_encode</c> (master's <c>switch_url_encode_opt</c> with double_encode off),
/// including its fixed-size output buffer: callers pass the buffer size FreeSWITCH would have used so
/// that the rare truncation of long array values happens at the same byte.
/// </summary>
internal static class FsUrl
{
    // SWITCH_URL_UNSAFE; bytes below 0x20 and above 0x7E are encoded as well.
    private static readonly SearchValues<byte> Unsafe = SearchValues.Create("\r\n #%&+:;<=>?@[\\]^`{|}\""u8);

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    /// <summary>Appends the encoding of <paramref name="value"/> as written into a <paramref name="bufferSize"/>-byte buffer.</summary>
    public static void Encode(ReadOnlySpan<byte> value, int bufferSize, ByteBuffer output)
    {
        int len = bufferSize - 1; // one byte is kept for the terminating NUL
        int last = value.Length - 1;
        var target = output.GetSpan(Math.Min(len, value.Length * 3));
        int x = 0;
        for (int p = 0; p < value.Length; p++)
        {
            if (x >= len)
            {
                break;
            }

            byte c = value[p];

            // An escape that already looks like %XX (uppercase hex) is copied, not encoded again.
            bool keep = c == (byte)'%' && last - p > 1 && Hex.Contains(value[p + 1]) && Hex.Contains(value[p + 2]);
            if (!keep && (c < 0x20 || c > 0x7E || Unsafe.Contains(c)))
            {
                if (x + 3 > len)
                {
                    break;
                }

                target[x] = (byte)'%';
                target[x + 1] = Hex[c >> 4];
                target[x + 2] = Hex[c & 0x0F];
                x += 3;
            }
            else
            {
                target[x++] = c;
            }
        }

        output.Advance(x);
    }

    /// <summary>Encodes a whole value with a buffer large enough never to truncate.</summary>
    public static void Encode(ReadOnlySpan<byte> value, ByteBuffer output) => Encode(value, (value.Length * 3) + 1, output);
}
