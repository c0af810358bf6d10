using System.Text.RegularExpressions;

namespace EslKit.Testing.Internal;

/// <summary><c>switch_regex_perform</c>'s handling of <c>/pattern/flags</c> (i: ignore case, s: dot matches newline).</summary>
internal static class FsRegex
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Compiles a filter value; null when it cannot match (no closing '/', or an invalid pattern).</summary>
    public static Regex? Compile(string expression)
    {
        string pattern = expression;
        var options = RegexOptions.CultureInvariant;
        if (expression.StartsWith('/'))
        {
            int end = expression.LastIndexOf('/');
            if (end == 0)
            {
                return null; // "missing ending '/' delimeter"
            }

            string flags = expression[(end + 1)..];
            pattern = expression[1..end];
            if (flags.Contains('i', StringComparison.Ordinal))
            {
                options |= RegexOptions.IgnoreCase;
            }

            if (flags.Contains('s', StringComparison.Ordinal))
            {
                options |= RegexOptions.Singleline;
            }
        }

        try
        {
            return new Regex(pattern, options, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static bool IsMatch(Regex? regex, string value)
    {
        if (regex is null)
        {
            return false;
        }

        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
