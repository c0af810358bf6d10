using System.Text;

namespace EslKit.Diagnostics;

/// <summary>
/// Masks secrets in text about to be logged or traced: <c>sip_auth_password</c> and every variable the
/// caller names, in originate variable blocks and <c>name=value</c> arguments, and the passwords of
/// <c>auth</c>/<c>userauth</c>. EslKit's commands redact themselves (their <c>ToString()</c>); this is for
/// text that arrives from elsewhere, e.g. the <c>Job-Command-Arg</c> and <c>API-Command-Argument</c>
/// headers in which FreeSWITCH repeats an originate.
/// </summary>
public static class EslRedaction
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Mask = "***";

    private const string SipAuthPassword = "sip_auth_password";

    /// <summary>True for variables that are always secret, whatever the caller marks: <c>sip_auth_password</c>.</summary>
    public static bool IsAlwaysSecret(ReadOnlySpan<char> name) => name.Equals(SipAuthPassword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="name"/> is always secret or is one of <paramref name="secretNames"/> (ignoring case, as FreeSWITCH does).</summary>
    public static bool IsSecret(ReadOnlySpan<char> name, IEnumerable<string>? secretNames = null)
    {
        if (IsAlwaysSecret(name))
        {
            return true;
        }

        if (secretNames is not null)
        {
            foreach (string secret in secretNames)
            {
                if (name.Equals(secret, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Masks the values of secret variables: inside <c>&lt;…&gt;</c>, <c>{…}</c> and <c>[…]</c> blocks (read
    /// the way FreeSWITCH reads them: the block ends at its balancing bracket, items split at unescaped
    /// commas outside quotes, the value runs to the item's end) and in bare <c>name=value</c> words.
    /// </summary>
    /// <param name="text">E.g. an originate argument as FreeSWITCH echoed it.</param>
    /// <param name="secretNames">Variables to mask besides <c>sip_auth_password</c>.</param>
    public static string RedactVariables(string text, IEnumerable<string>? secretNames = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] names = [SipAuthPassword, .. secretNames ?? []];
        if (!names.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c is '<' or '{' or '[')
            {
                char close = c == '<' ? '>' : c == '{' ? '}' : ']';
                int end = FindBlockEnd(text, i, c, close);
                int innerEnd = end < 0 ? text.Length : end;
                output.Append(c);
                RedactItems(text.AsSpan(i + 1, innerEnd - i - 1), output, names);
                if (end >= 0)
                {
                    output.Append(close);
                }

                i = innerEnd + 1;
                continue;
            }

            if (IsWordStart(text, i) && TryMatchAssignment(text.AsSpan(i), names, out int nameLength))
            {
                int valueStart = i + nameLength + 1;
                output.Append(text, i, valueStart - i).Append(Mask);
                i = EndOfBareValue(text, valueStart);
                continue;
            }

            output.Append(c);
            i++;
        }

        return output.ToString();
    }

    /// <summary>
    /// Masks the secrets in one ESL command line: the password of <c>auth</c> and <c>userauth</c>, the value
    /// of <c>uuid_setvar</c> for a secret variable, and secret variables anywhere (see <see cref="RedactVariables"/>).
    /// </summary>
    public static string RedactCommandLine(string line, IEnumerable<string>? secretNames = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.StartsWith("auth ", StringComparison.OrdinalIgnoreCase))
        {
            return "auth " + Mask;
        }

        if (line.StartsWith("userauth ", StringComparison.OrdinalIgnoreCase))
        {
            return "userauth " + RedactUserAuth(line.AsSpan(9));
        }

        var command = line.AsSpan();
        int prefix = command.StartsWith("api ", StringComparison.OrdinalIgnoreCase) ? 4
            : command.StartsWith("bgapi ", StringComparison.OrdinalIgnoreCase) ? 6
            : 0;
        if (command[prefix..].StartsWith("uuid_setvar ", StringComparison.OrdinalIgnoreCase))
        {
            // uuid_setvar <uuid> <name> <value…>: the value is the rest of the line.
            int uuidEnd = line.IndexOf(' ', prefix + 12);
            int nameEnd = uuidEnd < 0 ? -1 : line.IndexOf(' ', uuidEnd + 1);
            if (nameEnd > 0 && IsSecret(line.AsSpan(uuidEnd + 1, nameEnd - uuidEnd - 1), secretNames))
            {
                return string.Concat(line.AsSpan(0, nameEnd + 1), Mask);
            }
        }

        return RedactVariables(line, secretNames);
    }

    private static string RedactUserAuth(ReadOnlySpan<char> rest)
    {
        // FreeSWITCH accepts user@domain:password and user:password@domain.
        int at = rest.IndexOf('@');
        int colonAfterAt = at < 0 ? -1 : rest[(at + 1)..].IndexOf(':');
        if (colonAfterAt >= 0)
        {
            return string.Concat(rest[..(at + 1 + colonAfterAt + 1)], Mask);
        }

        int colon = rest.IndexOf(':');
        if (colon >= 0 && at > colon)
        {
            return string.Concat(rest[..(colon + 1)], Mask, rest[at..]);
        }

        return Mask;
    }

    // switch_find_end_paren: the closing bracket that balances the opening one; quotes and backslashes do not count.
    private static int FindBlockEnd(string text, int open, char openChar, char closeChar)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            if (text[i] == openChar)
            {
                depth++;
            }
            else if (text[i] == closeChar && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static void RedactItems(ReadOnlySpan<char> inner, StringBuilder output, string[] names)
    {
        char separator = ',';
        if (inner.Length >= 3 && inner.StartsWith("^^"))
        {
            separator = inner[2];
            output.Append(inner[..3]);
            inner = inner[3..];
        }

        int start = 0;
        bool quoted = false;
        int i = 0;
        while (true)
        {
            bool atEnd = i >= inner.Length;
            if (!atEnd)
            {
                char c = inner[i];
                if (c == '\\')
                {
                    i += 2;
                    continue;
                }

                // A quote toggles only when another one follows, as in FreeSWITCH's tokenizer.
                if (c == '\'' && (quoted || inner[(i + 1)..].Contains('\'')))
                {
                    quoted = !quoted;
                    i++;
                    continue;
                }

                if (c != separator || quoted)
                {
                    i++;
                    continue;
                }
            }

            var item = inner[start..Math.Min(i, inner.Length)];
            int equals = item.IndexOf('=');
            if (equals > 0 && IsSecret(item[..equals].Trim(' '), names))
            {
                output.Append(item[..(equals + 1)]).Append(Mask);
            }
            else
            {
                output.Append(item);
            }

            if (atEnd)
            {
                return;
            }

            output.Append(separator);
            start = ++i;
        }
    }

    private static bool IsWordStart(string text, int i) => i == 0 || text[i - 1] is ' ' or '\t' or '(' or ',' or ';' or '|' or '&';

    private static bool TryMatchAssignment(ReadOnlySpan<char> text, string[] names, out int nameLength)
    {
        foreach (string name in names)
        {
            if (text.Length > name.Length && text[name.Length] == '=' && text.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                nameLength = name.Length;
                return true;
            }
        }

        nameLength = 0;
        return false;
    }

    private static int EndOfBareValue(string text, int i)
    {
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                i++;
            }
            else if (c is ' ' or ')' or ',' or '|')
            {
                return i;
            }
        }

        return text.Length;
    }
}
