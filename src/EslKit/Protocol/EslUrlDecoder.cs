using System.Text;

namespace EslKit.Protocol;

/// <summary>
/// Decodes the <c>%XX</c> escapes FreeSWITCH writes into plain event headers and channel data.
/// Never throws: an invalid or truncated escape stays exactly as it is (FreeSWITCH does the same
/// with text that already contains a literal '%'); <c>+</c> is not a space (FreeSWITCH encodes
/// spaces as <c>%20</c> and '+' as <c>%2B</c>); bytes are never transcoded, so UTF-8 survives intact.
/// </summary>
public static class EslUrlDecoder
{
    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/>, which must be at least as long.</summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The destination is shorter than the source.</exception>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("The destination must be at least as long as the source.", nameof(destination));
        }

        int written = 0;
        int i = 0;
        while (i < source.Length)
        {
            int pct = source[i..].IndexOf((byte)'%');
            if (pct < 0)
            {
                source[i..].CopyTo(destination[written..]);
                return written + (source.Length - i);
            }

            source.Slice(i, pct).CopyTo(destination[written..]);
            written += pct;
            i += pct;
            if (TryDecodeEscape(source, i, out byte decoded))
            {
                destination[written++] = decoded;
                i += 3;
            }
            else
            {
                destination[written++] = (byte)'%';
                i++;
            }
        }

        return written;
    }

    /// <summary>Decodes <paramref name="buffer"/> in place.</summary>
    /// <returns>The decoded length; bytes past it are left unspecified.</returns>
    /// <remarks>
    /// <see cref="Decode"/> itself is safe on one buffer: the write position never passes the read position,
    /// overlapping copies are moves, and both hex digits are read before their byte is written.
    /// </remarks>
    public static int DecodeInPlace(Span<byte> buffer) => Decode(buffer, buffer);

    /// <summary>True when <paramref name="source"/> contains at least one valid <c>%XX</c> escape.</summary>
    public static bool NeedsDecoding(ReadOnlySpan<byte> source)
    {
        int i = source.IndexOf((byte)'%');
        while (i >= 0)
        {
            if (TryDecodeEscape(source, i, out _))
            {
                return true;
            }

            int next = source[(i + 1)..].IndexOf((byte)'%');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return false;
    }

    /// <summary>Decodes into a new string (UTF-8; invalid sequences become U+FFFD). The allocating path.</summary>
    public static string DecodeToString(ReadOnlySpan<byte> source)
    {
        if (!NeedsDecoding(source))
        {
            return Encoding.UTF8.GetString(source);
        }

        const int StackLimit = 256;
        byte[]? rented = null;
        Span<byte> buffer = source.Length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(source.Length));
        try
        {
            int n = Decode(source, buffer);
            return Encoding.UTF8.GetString(buffer[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool TryDecodeEscape(ReadOnlySpan<byte> s, int percent, out byte value)
    {
        if (percent + 2 < s.Length)
        {
            int hi = HexValue(s[percent + 1]);
            int lo = HexValue(s[percent + 2]);
            if ((hi | lo) >= 0)
            {
                value = (byte)((hi << 4) | lo);
                return true;
            }
        }

        value = 0;
        return false;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
