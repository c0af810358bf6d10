using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

#pragma warning disable CA1000 // static abstract members of the private matcher structs are compile-time switches

namespace EslKit.Protocol;

/// <summary>
/// Vectorised searches the parser is built on. A lookup anchors on two bytes that letter case cannot
/// change (the line feed or quote before a name and the ':' right after it), so a case-insensitive
/// header lookup runs at the speed of a two-byte IndexOf. One loop, <see cref="Search{TMatch}"/>, serves
/// every kind of lookup: a matcher struct says what the anchors are and verifies each candidate in
/// place, so false candidates cost no re-entry.
/// </summary>
internal static class EslByteSearch
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';
    private const int Continue = -1;

    // (b | 7) == 0x0F holds for LF (0x0A) and CR (0x0D), and for a few other control bytes: one compare
    // finds every possible blank-line start; candidates are verified exactly.
    private const byte LineEndBits = 0x07;
    private const byte LineEndClass = 0x0F;

    /// <summary>
    /// Finds the blank line that ends a header block: the first LF followed by LF or by CR LF.
    /// A block that starts with a blank line is empty (index 0 is returned with the blank line's length).
    /// Returns the index where the terminator starts and its length (1–3 bytes), or -1.
    /// </summary>
    /// <remarks>
    /// Returned index i: the header block is s[..i], the body starts at i + length. When the block is
    /// not empty, i is the LF that ends the last header line (that LF belongs to the terminator).
    /// </remarks>
    public static int IndexOfBlankLine(ReadOnlySpan<byte> s, out int length)
    {
        if (StartsWithBlankLine(s, out length))
        {
            return 0;
        }

        int p = IndexOfBlankLineFrom(s, 0);
        if (p < 0)
        {
            length = 0;
            return -1;
        }

        IsBlankLineAt(s, p, out length);
        return p;
    }

    /// <summary>
    /// The first p ≥ <paramref name="start"/> where a blank line starts (an LF followed by LF or CR LF),
    /// with no special meaning for position 0; -1 when there is none.
    /// </summary>
    public static int IndexOfBlankLineFrom(ReadOnlySpan<byte> s, int start) => Search<BlankLine>(s, start, default, Lf, 1, Lf);

    /// <summary>
    /// Start of the first line of <paramref name="block"/> whose name is <paramref name="name"/>
    /// (ASCII case-insensitive) followed by ':'; -1 when absent. The search does not stop at a blank line:
    /// callers that must not look past a header block check the hit (see <c>EslEventView</c>).
    /// </summary>
    public static int IndexOfHeaderLine(ReadOnlySpan<byte> block, ReadOnlySpan<byte> name)
    {
        int n = name.Length;
        if (n == 0)
        {
            return -1;
        }

        if (block.Length > n && block[n] == (byte)':' && NameEquals(block[..n], name))
        {
            return 0;
        }

        int lf = Search<HeaderLine>(block, 0, name, Lf, n + 1, (byte)':');
        return lf < 0 ? -1 : lf + 1;
    }

    /// <summary>
    /// Index of the opening quote of the first JSON member named <paramref name="name"/>
    /// (<c>"name":</c>, ASCII case-insensitive, not inside a string); -1 when absent.
    /// </summary>
    public static int IndexOfJsonMember(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name) =>
        Search<JsonMember>(json, 0, name, (byte)'"', name.Length + 2, (byte)':');

    /// <summary>Index of the first <c>&lt;name&gt;</c> tag (ASCII case-insensitive) at or after <paramref name="start"/>; -1 when absent.</summary>
    public static int IndexOfXmlTag(ReadOnlySpan<byte> xml, ReadOnlySpan<byte> name, int start) =>
        Search<XmlTag>(xml, start, name, (byte)'<', name.Length + 1, (byte)'>');

    /// <summary>
    /// Name equality as FreeSWITCH's strcasecmp sees it: ASCII letters match in either case, every other byte
    /// must be identical. <see cref="Ascii.EqualsIgnoreCase(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> alone is
    /// false as soon as a non-ASCII byte is present, even in identical names (e.g. <c>variable_café</c>), so it
    /// is the fast path and a byte loop the fallback.
    /// </summary>
    public static bool NameEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (Ascii.EqualsIgnoreCase(a, b))
        {
            return true;
        }

        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && !(char.IsAsciiLetter((char)a[i]) && (a[i] | 0x20) == (b[i] | 0x20)))
            {
                return false;
            }
        }

        return true;
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

    private static bool StartsWithBlankLine(ReadOnlySpan<byte> s, out int length)
    {
        length = s.Length > 0 && s[0] == Lf ? 1 : s.Length > 1 && s[0] == Cr && s[1] == Lf ? 2 : 0;
        return length > 0;
    }

    // An LF at p that is followed by LF, or by CR LF, ends a header block.
    private static bool IsBlankLineAt(ReadOnlySpan<byte> s, int p, out int length)
    {
        length = p + 1 < s.Length && s[p + 1] == Lf ? 2 : p + 2 < s.Length && s[p + 1] == Cr && s[p + 2] == Lf ? 3 : 0;
        return length > 0;
    }

    /// <summary>
    /// The one search loop: candidates are positions p with s[p] == first and s[p + gap] == second (and,
    /// for matchers that find blank lines, every LF followed by LF or CR); each is checked by
    /// <typeparamref name="TMatch"/>, which accepts it (its result is returned) or rejects it.
    /// </summary>
    private static int Search<TMatch>(ReadOnlySpan<byte> s, int start, ReadOnlySpan<byte> name, byte first, int gap, byte second)
        where TMatch : struct, IMatch
    {
        int p = start;
        ref byte r = ref MemoryMarshal.GetReference(s);
        int limit = s.Length - gap; // below this, both anchor loads of a candidate are inside s
        int result;
        if (Vector512.IsHardwareAccelerated && p <= limit - Vector512<byte>.Count)
        {
            var vFirst = Vector512.Create(first);
            var vSecond = Vector512.Create(second);
            var lineEndBits = Vector512.Create(LineEndBits);
            var lineEnd = Vector512.Create(LineEndClass);
            do
            {
                var atGap = Vector512.Equals(Vector512.LoadUnsafe(ref r, (nuint)(p + gap)), vSecond);
                if (TMatch.FindsBlankLines)
                {
                    // Matchers that find blank lines anchor on LF first, so one compare serves both tests.
                    var next = Vector512.LoadUnsafe(ref r, (nuint)(p + 1));
                    atGap |= Vector512.Equals(next | lineEndBits, lineEnd);
                }

                var m = Vector512.Equals(Vector512.LoadUnsafe(ref r, (nuint)p), vFirst) & atGap;

                if ((result = Resolve<TMatch>(s, p, m.ExtractMostSignificantBits(), name, gap)) != Continue)
                {
                    return result;
                }

                p += Vector512<byte>.Count;
            }
            while (p <= limit - Vector512<byte>.Count);
        }

        if (Vector256.IsHardwareAccelerated && p <= limit - Vector256<byte>.Count)
        {
            var vFirst = Vector256.Create(first);
            var vSecond = Vector256.Create(second);
            var lineEndBits = Vector256.Create(LineEndBits);
            var lineEnd = Vector256.Create(LineEndClass);
            do
            {
                var atGap = Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)(p + gap)), vSecond);
                if (TMatch.FindsBlankLines)
                {
                    // Matchers that find blank lines anchor on LF first, so one compare serves both tests.
                    var next = Vector256.LoadUnsafe(ref r, (nuint)(p + 1));
                    atGap |= Vector256.Equals(next | lineEndBits, lineEnd);
                }

                var m = Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)p), vFirst) & atGap;

                if ((result = Resolve<TMatch>(s, p, m.ExtractMostSignificantBits(), name, gap)) != Continue)
                {
                    return result;
                }

                p += Vector256<byte>.Count;
            }
            while (p <= limit - Vector256<byte>.Count);
        }

        if (Vector128.IsHardwareAccelerated && p <= limit - Vector128<byte>.Count)
        {
            var vFirst = Vector128.Create(first);
            var vSecond = Vector128.Create(second);
            var lineEndBits = Vector128.Create(LineEndBits);
            var lineEnd = Vector128.Create(LineEndClass);
            do
            {
                var atGap = Vector128.Equals(Vector128.LoadUnsafe(ref r, (nuint)(p + gap)), vSecond);
                if (TMatch.FindsBlankLines)
                {
                    // Matchers that find blank lines anchor on LF first, so one compare serves both tests.
                    var next = Vector128.LoadUnsafe(ref r, (nuint)(p + 1));
                    atGap |= Vector128.Equals(next | lineEndBits, lineEnd);
                }

                var m = Vector128.Equals(Vector128.LoadUnsafe(ref r, (nuint)p), vFirst) & atGap;

                if ((result = Resolve<TMatch>(s, p, m.ExtractMostSignificantBits(), name, gap)) != Continue)
                {
                    return result;
                }

                p += Vector128<byte>.Count;
            }
            while (p <= limit - Vector128<byte>.Count);
        }

        // The tail, one position at a time; past the limit a pair no longer fits but a blank line still can.
        int end = TMatch.FindsBlankLines ? s.Length - 1 : limit;
        for (; p < end; p++)
        {
            byte b = Unsafe.Add(ref r, p);
            bool pair = p < limit && b == first && Unsafe.Add(ref r, p + gap) == second;
            bool blank = TMatch.FindsBlankLines && b == Lf && Unsafe.Add(ref r, p + 1) is Lf or Cr;
            if ((pair || blank) && (result = TMatch.Check(s, p, name)) != Continue)
            {
                return result;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Resolve<TMatch>(ReadOnlySpan<byte> s, int p, ulong bits, ReadOnlySpan<byte> name, int gap)
        where TMatch : struct, IMatch
    {
        while (bits != 0)
        {
            int candidate = p + BitOperations.TrailingZeroCount(bits);
            int result = TMatch.Check(s, candidate, name);
            if (result != Continue)
            {
                return result;
            }

            bits &= bits - 1;
        }

        return Continue;
    }

    /// <summary>Decides about one candidate: its result (≥ 0) or <see cref="Continue"/>.</summary>
    /// <remarks>A matcher that finds blank lines must anchor on LF first.</remarks>
    private interface IMatch
    {
        static abstract bool FindsBlankLines { get; }

        static abstract int Check(ReadOnlySpan<byte> s, int candidate, ReadOnlySpan<byte> name);
    }

    // Anchors LF at p and LF at p + 1; the blank-line test adds LF CR LF.
    private readonly struct BlankLine : IMatch
    {
        public static bool FindsBlankLines => true;

        public static int Check(ReadOnlySpan<byte> s, int candidate, ReadOnlySpan<byte> name) =>
            IsBlankLineAt(s, candidate, out _) ? candidate : Continue;
    }

    // "\nName:" — returns the LF before the name.
    private readonly struct HeaderLine : IMatch
    {
        public static bool FindsBlankLines => false;

        public static int Check(ReadOnlySpan<byte> s, int candidate, ReadOnlySpan<byte> name) =>
            NameEquals(s.Slice(candidate + 1, name.Length), name) ? candidate : Continue;
    }

    // "\"name\":" outside any string.
    private readonly struct JsonMember : IMatch
    {
        public static bool FindsBlankLines => false;

        public static int Check(ReadOnlySpan<byte> s, int candidate, ReadOnlySpan<byte> name) =>
            s[candidate + name.Length + 1] == (byte)'"' && !IsEscaped(s, candidate) && NameEquals(s.Slice(candidate + 1, name.Length), name)
                ? candidate
                : Continue;
    }

    // "<name>"
    private readonly struct XmlTag : IMatch
    {
        public static bool FindsBlankLines => false;

        public static int Check(ReadOnlySpan<byte> s, int candidate, ReadOnlySpan<byte> name) =>
            NameEquals(s.Slice(candidate + 1, name.Length), name) ? candidate : Continue;
    }
}
