using System.Diagnostics.CodeAnalysis;

namespace EslKit.Commands;

/// <summary>
/// The checks behind every value EslKit writes, per kind of slot. Each throws
/// <see cref="EslValueRejectedException"/> naming the field, never showing the value.
/// </summary>
internal static class EslValues
{
    // Name alphabets (beyond ASCII letters and digits) of the fields that are identifiers, not free text.
    public const string VariableNameExtra = "_.-";
    public const string HeaderNameExtra = "_.-";
    public const string CommandNameExtra = "_";
    public const string SubclassExtra = "_.:-";
    public const string ProfileNameExtra = "_.-";
    public const string ExtensionExtra = "_.+*#-";
    public const string UserExtra = "_.+-";

    public static string NotNull([NotNull] string? value, string field) => value ?? throw new ArgumentNullException(field);

    /// <summary>What no packet can carry: CR, LF, NUL, an unpaired surrogate.</summary>
    public static void Writable(EslTextTraits traits, string field)
    {
        if ((traits & EslTextTraits.Nul) != 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.Nul);
        }

        if ((traits & (EslTextTraits.CarriageReturn | EslTextTraits.LineFeed)) != 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.LineBreak);
        }

        if ((traits & EslTextTraits.LoneSurrogate) != 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.InvalidUnicode);
        }
    }

    /// <summary>
    /// A body (Content-Length counted, so line breaks are fine): no NUL, no unpaired surrogate. Returns its
    /// traits for the hijack guard.
    /// </summary>
    public static EslTextTraits Body(string value, string field)
    {
        var traits = EslText.Inspect(value);
        if ((traits & EslTextTraits.Nul) != 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.Nul);
        }

        if ((traits & EslTextTraits.LoneSurrogate) != 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.InvalidUnicode);
        }

        return traits;
    }

    /// <summary>
    /// A value FreeSWITCH takes literally up to the end of the line (ESL header values, passwords, raw
    /// api arguments). <paramref name="trimmedByFreeSwitch"/>: the slot loses leading/trailing blanks.
    /// </summary>
    public static EslTextTraits Line(string? value, string field, bool trimmedByFreeSwitch = false, bool allowEmpty = true)
    {
        NotNull(value, field);
        var traits = EslText.Inspect(value);
        Writable(traits, field);
        if (!allowEmpty && value!.Length == 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.Empty);
        }

        if (trimmedByFreeSwitch && (traits & (EslTextTraits.LeadingWhitespace | EslTextTraits.TrailingWhitespace)) != 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.LeadingOrTrailingWhitespace);
        }

        return traits;
    }

    /// <summary>
    /// A value that goes through FreeSWITCH's argument unescaping, written with <paramref name="escape"/>.
    /// What no escaping can carry there is refused (DESIGN.md §3): control characters, a backslash,
    /// <c>${</c>; in a variable block also an empty value, leading/trailing blanks, more than one
    /// <c>'</c>, <c>:_:</c> and an <c>ARRAY::</c> prefix; at the end of a line also leading/trailing blanks.
    /// </summary>
    public static EslTextTraits Parsed(string? value, string field, EslEscape escape)
    {
        NotNull(value, field);
        var traits = EslText.Inspect(value);
        Writable(traits, field);
        if (value!.Length == 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.Empty);
        }

        Reject(traits, EslTextTraits.Control, field, EslRejectionReason.ControlCharacter);
        Reject(traits, EslTextTraits.Backslash, field, EslRejectionReason.Backslash);
        Reject(traits, EslTextTraits.VariableExpansion, field, EslRejectionReason.VariableExpansion);
        if (escape is EslEscape.Block or EslEscape.RestOfLine)
        {
            Reject(traits, EslTextTraits.LeadingWhitespace | EslTextTraits.TrailingWhitespace, field, EslRejectionReason.LeadingOrTrailingWhitespace);
        }

        if (escape == EslEscape.Block)
        {
            Reject(traits, EslTextTraits.MultipleQuotes, field, EslRejectionReason.TooManyQuotes);
            Reject(traits, EslTextTraits.EnterpriseSeparator, field, EslRejectionReason.EnterpriseSeparator);
            Reject(traits, EslTextTraits.ArrayPrefix, field, EslRejectionReason.ArrayPrefix);
        }

        return traits;
    }

    /// <summary>An identifier: ASCII letters, digits and <paramref name="extra"/>.</summary>
    public static void Name(string? value, string field, string extra)
    {
        NotNull(value, field);
        if (value!.Length == 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.Empty);
        }

        if (!EslText.IsWord(value, extra))
        {
            throw new EslValueRejectedException(field, EslRejectionReason.InvalidFormat);
        }
    }

    /// <summary>A dialled number: an optional <c>+</c> then 1 to 32 digits.</summary>
    public static void Number(string? value, string field)
    {
        NotNull(value, field);
        var digits = value.AsSpan();
        if (digits.StartsWith('+'))
        {
            digits = digits[1..];
        }

        if (digits.IsEmpty || digits.Length > 32 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            throw new EslValueRejectedException(field, value!.Length == 0 ? EslRejectionReason.Empty : EslRejectionReason.InvalidFormat);
        }
    }

    /// <summary>
    /// <c>host[:port]</c>: an IPv4 address or a DNS name (letters, digits, <c>-</c>, dots), and a port
    /// 1–65535. IPv6 literals are not accepted: their brackets mean something else in a dial string.
    /// </summary>
    public static void Host(string? value, string field, bool allowPort = true)
    {
        NotNull(value, field);
        var host = value.AsSpan();
        int colon = host.IndexOf(':');
        if (colon >= 0)
        {
            if (!allowPort || !TryPort(host[(colon + 1)..], out _))
            {
                throw new EslValueRejectedException(field, EslRejectionReason.InvalidFormat);
            }

            host = host[..colon];
        }

        if (!IsHostName(host))
        {
            throw new EslValueRejectedException(field, host.IsEmpty ? EslRejectionReason.Empty : EslRejectionReason.InvalidFormat);
        }
    }

    public static void Port(int port, string field)
    {
        if (port is < 1 or > 65535)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.OutOfRange);
        }
    }

    /// <summary>Refuses a value equal (ignoring case) to one of FreeSWITCH's keywords for this slot.</summary>
    public static void NotReserved(string value, string field, params ReadOnlySpan<string> words)
    {
        foreach (string word in words)
        {
            if (value.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                throw new EslValueRejectedException(field, EslRejectionReason.Reserved);
            }
        }
    }

    private static void Reject(EslTextTraits traits, EslTextTraits refused, string field, EslRejectionReason reason)
    {
        if ((traits & refused) != 0)
        {
            throw new EslValueRejectedException(field, reason);
        }
    }

    private static bool TryPort(ReadOnlySpan<char> text, out int port)
    {
        port = 0;
        if (text.IsEmpty || text.Length > 5 || text[0] == '0' || text.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        port = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return port <= 65535;
    }

    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host.Length > 253)
        {
            return false;
        }

        foreach (var range in host.Split('.'))
        {
            var label = host[range];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-' || !EslText.IsWord(label, "-"))
            {
                return false;
            }
        }

        return true;
    }
}
