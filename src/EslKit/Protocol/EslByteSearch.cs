using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace EslKit.Protocol;

/// <summary>
/// Vectorised searches the parser is built on. Every lookup anchors on two bytes that cannot be
/// affected by letter case (a line feed or quote before a name and the ':' right after it), so a
/// case-insensitive header lookup costs one pass at the speed of a plain two-byte IndexOf.
/// </summary>
internal static class EslByteSearch
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';

    /// <summary>
    /// Smallest p ≥ <paramref name="start"/> with s[p] == <paramref name="first"/> and
    /// s[p + <paramref name="gap"/>] == <paramref name="second"/>; -1 when there is none.
    /// </summary>
    public static int NextAnchorPair(ReadOnlySpan<byte> s, int start, byte first, int gap, byte second)
    {
        int limit = s.Length - gap; // p must stay below this so that p + gap is inside s
        int p = start;
        ref byte r = ref MemoryMarshal.GetReference(s);
        if (Vector256.IsHardwareAccelerated)
        {
            var vf = Vector256.Create(first);
            var vs = Vector256.Create(second);
            while (p <= limit - Vector256<byte>.Count)
            {
                var m = Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)p), vf)
                      & Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)(p + gap)), vs);
                uint bits = m.ExtractMostSignificantBits();
                if (bits != 0)
                {
                    return p + BitOperations.TrailingZeroCount(bits);
                }

                p += Vector256<byte>.Count;
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var vf = Vector128.Create(first);
            var vs = Vector128.Create(second);
            while (p <= limit - Vector128<byte>.Count)
            {
                var m = Vector128.Equals(Vector128.LoadUnsafe(ref r, (nuint)p), vf)
                      & Vector128.Equals(Vector128.LoadUnsafe(ref r, (nuint)(p + gap)), vs);
                uint bits = m.ExtractMostSignificantBits();
                if (bits != 0)
                {
                    return p + BitOperations.TrailingZeroCount(bits);
                }

                p += Vector128<byte>.Count;
            }
        }

        for (; p < limit; p++)
        {
            if (Unsafe.Add(ref r, p) == first && Unsafe.Add(ref r, p + gap) == second)
            {
                return p;
            }
        }

        return -1;
    }

    /// <summary>
    /// Finds the blank line that ends a header block: the first LF followed by LF or by CR LF.
    /// A block that starts with a blank line is empty (index 0 is returned with the blank line's length).
    /// Returns the index where the blank-line terminator starts and its length (1–3 bytes), or -1.
    /// </summary>
    /// <remarks>
    /// Returned index i: the header block is s[..i], the body starts at i + length. When the block is
    /// not empty, i is the LF that ends the last header line (that LF belongs to the terminator).
    /// </remarks>
    public static int IndexOfBlankLine(ReadOnlySpan<byte> s, out int length)
    {
        length = 0;
        if (s.Length > 0 && s[0] == Lf)
        {
            length = 1;
            return 0;
        }

        if (s.Length > 1 && s[0] == Cr && s[1] == Lf)
        {
            length = 2;
            return 0;
        }

        int p = 0;
        while (true)
        {
            p = NextLfThenLfOrCr(s, p);
            if (p < 0)
            {
                return -1;
            }

            if (s[p + 1] == Lf)
            {
                length = 2;
                return p;
            }

            if (p + 2 < s.Length && s[p + 2] == Lf)
            {
                length = 3;
                return p;
            }

            p++;
        }
    }

    // Smallest p with s[p] == LF and s[p + 1] in {LF, CR}.
    private static int NextLfThenLfOrCr(ReadOnlySpan<byte> s, int p)
    {
        int limit = s.Length - 1;
        ref byte r = ref MemoryMarshal.GetReference(s);
        if (Vector256.IsHardwareAccelerated)
        {
            var lf = Vector256.Create(Lf);
            var cr = Vector256.Create(Cr);
            while (p <= limit - Vector256<byte>.Count)
            {
                var next = Vector256.LoadUnsafe(ref r, (nuint)(p + 1));
                var m = Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)p), lf)
                      & (Vector256.Equals(next, lf) | Vector256.Equals(next, cr));
                uint bits = m.ExtractMostSignificantBits();
                if (bits != 0)
                {
                    return p + BitOperations.TrailingZeroCount(bits);
                }

                p += Vector256<byte>.Count;
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var lf = Vector128.Create(Lf);
            var cr = Vector128.Create(Cr);
            while (p <= limit - Vector128<byte>.Count)
            {
                var next = Vector128.LoadUnsafe(ref r, (nuint)(p + 1));
                var m = Vector128.Equals(Vector128.LoadUnsafe(ref r, (nuint)p), lf)
                      & (Vector128.Equals(next, lf) | Vector128.Equals(next, cr));
                uint bits = m.ExtractMostSignificantBits();
                if (bits != 0)
                {
                    return p + BitOperations.TrailingZeroCount(bits);
                }

                p += Vector128<byte>.Count;
            }
        }

        for (; p < limit; p++)
        {
            byte b = Unsafe.Add(ref r, p + 1);
            if (Unsafe.Add(ref r, p) == Lf && (b == Lf || b == Cr))
            {
                return p;
            }
        }

        return -1;
    }

    /// <summary>
    /// Start of the first line of <paramref name="block"/> whose name is <paramref name="name"/>
    /// (ASCII case-insensitive) followed by ':'; -1 when absent.
    /// </summary>
    public static int IndexOfHeaderLine(ReadOnlySpan<byte> block, ReadOnlySpan<byte> name)
    {
        int n = name.Length;
        if (n == 0)
        {
            return -1;
        }

        if (block.Length > n && block[n] == (byte)':' && Ascii.EqualsIgnoreCase(block[..n], name))
        {
            return 0;
        }

        int p = 0;
        while ((p = NextAnchorPair(block, p, Lf, n + 1, (byte)':')) >= 0)
        {
            if (Ascii.EqualsIgnoreCase(block.Slice(p + 1, n), name))
            {
                return p + 1;
            }

            p++;
        }

        return -1;
    }

    /// <summary>
    /// Index of the opening quote of the first JSON member named <paramref name="name"/>
    /// (<c>"name":</c>, ASCII case-insensitive, not inside a string); -1 when absent.
    /// </summary>
    public static int IndexOfJsonMember(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        int n = name.Length;
        int p = 0;
        while ((p = NextAnchorPair(json, p, (byte)'"', n + 2, (byte)':')) >= 0)
        {
            if (json[p + n + 1] == (byte)'"' && !IsEscaped(json, p) && Ascii.EqualsIgnoreCase(json.Slice(p + 1, n), name))
            {
                return p;
            }

            p++;
        }

        return -1;
    }

    /// <summary>True when the byte at <paramref name="index"/> is preceded by an odd number of backslashes.</summary>
    public static bool IsEscaped(ReadOnlySpan<byte> s, int index)
    {
        int count = 0;
        for (int i = index - 1; i >= 0 && s[i] == (byte)'\\'; i--)
        {
            count++;
        }

        return (count & 1) == 1;
    }

    /// <summary>Index just past the end of the JSON string whose opening quote is at <paramref name="openQuote"/>; -1 if unterminated.</summary>
    public static int EndOfJsonString(ReadOnlySpan<byte> json, int openQuote)
    {
        int p = openQuote + 1;
        while (p < json.Length)
        {
            int i = json[p..].IndexOfAny((byte)'"', (byte)'\\');
            if (i < 0)
            {
                return -1;
            }

            p += i;
            if (json[p] == (byte)'"')
            {
                return p + 1;
            }

            p += 2; // skip the escaped byte
        }

        return -1;
    }
}
