using FsCheck;
using FsCheck.Fluent;

namespace EslKit.Tests.Commands;

/// <summary>
/// Generators of values that stress every FreeSWITCH parser on the way, and an oracle of DESIGN.md §3's
/// rules written without looking at EslKit's implementation (what must be refused, and nothing more).
/// </summary>
internal static class HostileText
{
    /// <summary>Every ASCII punctuation character, blanks, controls, UTF-8, and fragments FreeSWITCH reacts to.</summary>
    private static readonly string[] Special =
    [
        .. "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".Select(c => c.ToString()),
        " ", "\t", "\r", "\n", "\0", "\u0001", "\u0002", "\u000b", "\u001b", "\u007f",
        "é", "☎", "\U0001F600", "\u00A0", "\u2028", "\uD800", "\uDC00",
        "^^", "${", "$${", ":_:", "ARRAY::", "unload", "ReLoad", "MOD_EVENT_SOCKET", "undef", "UNDEF",
        "\\s", "\\,", "\\'", "\\\\", "\\t", "''", "&park", "sofia/gateway/x/1", "origination_nested_vars=true",
        "{a=1}", "[b=2]", "<c=3>", "|", ",", "=", "^^:", "%(500,0,440)",
    ];

    /// <summary>Ordinary text, so that values are often carriable.</summary>
    private static readonly string[] Plain = ["a", "b", "Z", "0", "7", "abc", "hello", "x_y", "1.2", "é", " ", "-", "+", "%", "=", ":", "ü", "/", "\""];

    /// <summary>Printable pieces FreeSWITCH never refuses in a block (no backslash, control, quote or bracket).</summary>
    private static readonly string[] Gentle = ["a", "Q", "9", "hello", " ", ",", "=", "%", "&", ";", "$", ":", "^^", "|", "\"", "é", "☎", "\t", "@", "/", "+", "(", ")"];

    /// <summary>Anything: mostly plain text with hostile pieces mixed in.</summary>
    public static Gen<string> Any { get; } = Text(Gen.Frequency((3, Gen.Elements(Plain)), (2, Gen.Elements(Special))), 12);

    /// <summary>Values that are usually carriable, with at most one hostile piece.</summary>
    public static Gen<string> MostlyCarriable { get; } =
        from text in Text(Gen.Elements(Gentle), 8)
        from extra in Gen.Frequency((3, Gen.Constant("")), (2, Gen.Elements(Special)))
        from at in Gen.Choose(0, 8)
        select text.Insert(Math.Min(at, text.Length), extra);

    /// <summary>A mix of both, for the single-value properties.</summary>
    public static Gen<string> Value { get; } = Gen.Frequency((1, Any), (1, MostlyCarriable));

    /// <summary>For properties over many values at once: mostly gentle, so that whole commands are often accepted.</summary>
    public static Gen<string> Mixed { get; } = Gen.Frequency((10, Text(Gen.Elements(Gentle), 8, minPieces: 1)), (2, MostlyCarriable), (1, Any));

    private static Gen<string> Text(Gen<string> piece, int maxPieces, int minPieces = 0) =>
        Gen.Choose(minPieces, maxPieces).SelectMany(n => Gen.ArrayOf(piece, n)).Select(string.Concat);

    // ------------------------------------------------------------- the oracle (DESIGN.md §3)

    /// <summary>What no slot can carry: CR, LF, NUL, an unpaired surrogate.</summary>
    public static bool Unwritable(string v) =>
        v.Any(c => c is '\r' or '\n' or '\0') || HasLoneSurrogate(v);

    /// <summary>What no slot FreeSWITCH unescapes can carry: also controls, a backslash, <c>${</c>.</summary>
    public static bool UnescapeBreaks(string v) =>
        Unwritable(v) || v.Any(c => (c < 0x20 && c != '\t') || c == 0x7f || c == '\\') || v.Contains("${", StringComparison.Ordinal);

    /// <summary>What FreeSWITCH trims: a space or TAB (cleanup, switch_strip_whitespace), VT (switch_strip_whitespace).</summary>
    public static bool Blank(char c) => c is ' ' or '\t' or '\v';

    public static bool TrimmedEnds(string v) => v.Length > 0 && (Blank(v[0]) || Blank(v[^1]));

    /// <summary>The unload/reload hijack (EslKit folds case with OrdinalIgnoreCase, a superset of FreeSWITCH's ASCII folding).</summary>
    public static bool Hijacks(params string[] parts) =>
        parts.Any(p => p.Contains("unload", StringComparison.OrdinalIgnoreCase) || p.Contains("reload", StringComparison.OrdinalIgnoreCase))
        && parts.Any(p => p.Contains("mod_event_socket", StringComparison.OrdinalIgnoreCase));

    /// <summary>DESIGN.md §3 per value in a variable block, whatever the block.</summary>
    public static bool CarriableInSomeBlock(string v) =>
        v.Length > 0
        && !UnescapeBreaks(v)
        && v.Count(c => c == '\'') <= 1
        && !TrimmedEnds(v)
        && !v.Contains(":_:", StringComparison.Ordinal)
        && !v.StartsWith("ARRAY::", StringComparison.Ordinal);

    public static bool FitsGlobalBlock(string v) => !v.Any(c => c is '{' or '}');

    public static bool FitsEnterpriseBlock(string v) => !v.Any(c => c is '<' or '>');

    public static bool FitsLegBlock(string v) => !v.Any(c => c is '[' or ']' or '|');

    private static bool HasLoneSurrogate(string v)
    {
        for (int i = 0; i < v.Length; i++)
        {
            if (char.IsHighSurrogate(v[i]) && i + 1 < v.Length && char.IsLowSurrogate(v[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(v[i]))
            {
                return true;
            }
        }

        return false;
    }
}
