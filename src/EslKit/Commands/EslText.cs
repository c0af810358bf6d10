using System.Buffers;

namespace EslKit.Commands;

/// <summary>Inspects values once for everything any FreeSWITCH parser on the way treats specially.</summary>
internal static class EslText
{
    private static readonly SearchValues<char> BlockEscapes = SearchValues.Create(",' ");
    private static readonly SearchValues<char> TokenEscapes = SearchValues.Create("' \t");
    private static readonly SearchValues<char> RestOfLineEscapes = SearchValues.Create("'");

    // Traits of each ASCII character (quotes are counted separately).
    private static readonly EslTextTraits[] Ascii = BuildAsciiTable();

    /// <summary>The characters <see cref="EslPacketWriter.Escaped"/> prefixes with a backslash for <paramref name="escape"/>.</summary>
    public static SearchValues<char> EscapedBy(EslEscape escape) => escape switch
    {
        EslEscape.Block => BlockEscapes,
        EslEscape.Token => TokenEscapes,
        EslEscape.RestOfLine => RestOfLineEscapes,
        _ => throw new ArgumentOutOfRangeException(nameof(escape)),
    };

    /// <summary>The letter written after the backslash that escapes <paramref name="c"/>.</summary>
    public static char EscapeLetter(char c) => c switch
    {
        // FreeSWITCH's unescaping turns \s into a space and \t into a TAB; \, and \' stand for themselves.
        ' ' => 's',
        '\t' => 't',
        _ => c,
    };

    /// <summary>The escaped text as a string, for argument builders (the hot path writes with <see cref="EslPacketWriter.Escaped"/>).</summary>
    public static string Escape(string text, EslEscape escape)
    {
        var special = EscapedBy(escape);
        if (!text.AsSpan().ContainsAny(special))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (special.Contains(c))
            {
                builder.Append('\\').Append(EscapeLetter(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static EslTextTraits Inspect(ReadOnlySpan<char> text)
    {
        var traits = EslTextTraits.None;
        int quotes = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 128)
            {
                traits |= Ascii[c];
                if (c == '\'')
                {
                    quotes++;
                }
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                traits |= EslTextTraits.LoneSurrogate;
            }
        }

        if (quotes > 1)
        {
            traits |= EslTextTraits.MultipleQuotes;
        }

        if (!text.IsEmpty)
        {
            // What FreeSWITCH trims at the ends of arguments and values: spaces and TABs (and, at the ends
            // of an API's arguments, VT; CR and LF are refused anyway).
            if (text[0] is ' ' or '\t' or '\v')
            {
                traits |= EslTextTraits.LeadingWhitespace;
            }

            if (text[^1] is ' ' or '\t' or '\v')
            {
                traits |= EslTextTraits.TrailingWhitespace;
            }
        }

        if ((traits & EslTextTraits.Brace) != 0 && text.Contains("${", StringComparison.Ordinal))
        {
            traits |= EslTextTraits.VariableExpansion;
        }

        if ((traits & EslTextTraits.Colon) != 0 && text.Contains(":_:", StringComparison.Ordinal))
        {
            traits |= EslTextTraits.EnterpriseSeparator;
        }

        if (text.StartsWith("ARRAY::", StringComparison.Ordinal))
        {
            traits |= EslTextTraits.ArrayPrefix;
        }

        // mod_event_socket compares ASCII case-insensitively; OrdinalIgnoreCase folds a few more letters,
        // which can only make us refuse more, never less.
        if (text.Contains("unload", StringComparison.OrdinalIgnoreCase) || text.Contains("reload", StringComparison.OrdinalIgnoreCase))
        {
            traits |= EslTextTraits.UnloadOrReload;
        }

        if (text.Contains("mod_event_socket", StringComparison.OrdinalIgnoreCase))
        {
            traits |= EslTextTraits.ModEventSocket;
        }

        return traits;
    }

    /// <summary>True when every character is an ASCII letter or digit or one of <paramref name="extra"/>.</summary>
    public static bool IsWord(ReadOnlySpan<char> text, ReadOnlySpan<char> extra)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !extra.Contains(c))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    private static EslTextTraits[] BuildAsciiTable()
    {
        var table = new EslTextTraits[128];
        for (int c = 0; c < 32; c++)
        {
            table[c] = EslTextTraits.Control;
        }

        table[0] = EslTextTraits.Nul;
        table['\r'] = EslTextTraits.CarriageReturn;
        table['\n'] = EslTextTraits.LineFeed;
        table['\t'] = EslTextTraits.Tab;
        table[127] = EslTextTraits.Control;
        table['\\'] = EslTextTraits.Backslash;
        table['\''] = EslTextTraits.Quote;
        table[' '] = EslTextTraits.Space;
        table['{'] = table['}'] = EslTextTraits.Brace;
        table['<'] = table['>'] = EslTextTraits.Angle;
        table['['] = table[']'] = EslTextTraits.Square;
        table['|'] = EslTextTraits.Pipe;
        table[','] = EslTextTraits.Comma;
        table[')'] = EslTextTraits.CloseParenthesis;
        table[':'] = EslTextTraits.Colon;
        table['@'] = EslTextTraits.At;
        return table;
    }
}
