using System.Text;

namespace EslKit.Testing.Internal;

/// <summary>
/// The <c>originate</c> API's argument read the way FreeSWITCH reads it (mod_commands.c originate_function,
/// switch_utils.c switch_separate_string / cleanup_separated_string / switch_find_end_paren, switch_event.c
/// switch_event_create_brackets, switch_ivr_originate.c): split on spaces with its quote and escape rules, then the
/// dial string's <c>&lt;…&gt;</c>, <c>{…}</c> and per-leg <c>[…]</c> blocks (closed at the first balancing bracket,
/// whatever the quoting), legs split on <c>|</c> (sequential) then <c>,</c> (simultaneous).
/// </summary>
internal static class FsOriginate
{
    private const char QuotedComma = '\x01';
    private const char UnquotedComma = '\x02';

    /// <summary>One leg: its own variables (<c>[…]</c>) and its endpoint text.</summary>
    public sealed record Leg(IReadOnlyList<KeyValuePair<string, string>> Variables, string Endpoint);

    /// <summary>The dial string: enterprise and global variables, and groups of simultaneous legs tried one group after another.</summary>
    public sealed record Dial(
        IReadOnlyList<KeyValuePair<string, string>> Enterprise,
        IReadOnlyList<KeyValuePair<string, string>> Global,
        IReadOnlyList<IReadOnlyList<Leg>> Groups);

    /// <summary>The whole argument: the dial string, and an application (<c>&amp;app(args)</c>) or an extension with dialplan and context.</summary>
    public sealed record Command(Dial Dial, string? Application, string? ApplicationArguments, string? Extension, string Dialplan, string Context, int? TimeoutSeconds);

    /// <summary>Parses the argument; null with <paramref name="error"/> set (the text originate answers) when FreeSWITCH refuses it.</summary>
    public static Command? Parse(string argument, out string? error)
    {
        error = null;
        List<string> argv;
        try
        {
            argv = Separate(argument, ' ', 10);
        }
        catch (FormatException)
        {
            error = "-USAGE";
            return null;
        }

        if (argv.Count is < 2 or > 7)
        {
            error = "-USAGE: <call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>] [<timeout_sec>]\n";
            return null;
        }

        string?[] args = [.. argv.Select(a => a.Equals("undef", StringComparison.OrdinalIgnoreCase) ? null : a), .. Enumerable.Repeat<string?>(null, 10)];
        string? application = null;
        string? applicationArguments = null;
        string? extension = null;
        if (args[1] is { Length: > 1 } exten && exten[0] == '&')
        {
            string app = exten[1..];
            int close = app.IndexOf(')', StringComparison.Ordinal);
            if (close >= 0)
            {
                app = app[..close];
            }

            int open = app.IndexOf('(', StringComparison.Ordinal);
            application = open < 0 ? app : app[..open];
            applicationArguments = open < 0 ? null : app[(open + 1)..];
        }
        else
        {
            extension = args[1];
        }

        if (args[0] is null)
        {
            error = "-ERR NO_ROUTE_DESTINATION\n";
            return null;
        }

        Dial dial;
        try
        {
            dial = ParseDial(args[0]!);
        }
        catch (FormatException)
        {
            // switch_ivr_originate: "Parse Error!" / "No origination URL specified!" → the originate fails.
            error = "-ERR DESTINATION_OUT_OF_ORDER\n";
            return null;
        }

        int? timeout = args[6] is { } t && int.TryParse(t, out int seconds) && seconds > 0 ? seconds : null;
        return new Command(dial, application, applicationArguments, extension, args[2] ?? "XML", args[3] ?? "default", timeout);
    }

    /// <summary>The dial string as switch_ivr_originate reads it.</summary>
    public static Dial ParseDial(string data)
    {
        string d = data.TrimStart(' ');
        var enterprise = new List<KeyValuePair<string, string>>();
        var global = new List<KeyValuePair<string, string>>();
        while (d.StartsWith('<'))
        {
            d = CreateBrackets(d, '<', '>', ',', enterprise) ?? throw new FormatException("Parse Error <>");
        }

        while (d.StartsWith('{'))
        {
            d = CreateBrackets(d, '{', '}', ',', global) ?? throw new FormatException("Parse Error {}");
        }

        d = d.TrimStart(' ');
        if (d.Length == 0)
        {
            throw new FormatException("No origination URL");
        }

        var groups = new List<IReadOnlyList<Leg>>();
        foreach (string pipe in Separate(d, '|', 128))
        {
            var legs = new List<Leg>();
            foreach (string legText in Separate(MarkCommas(pipe), ',', 128))
            {
                string leg = legText.TrimStart(' ');
                var variables = new List<KeyValuePair<string, string>>();
                while (leg.StartsWith('['))
                {
                    if (FindEndParen(leg, '[', ']') is int blockEnd)
                    {
                        leg = leg[..blockEnd].Replace(QuotedComma, ',') + leg[blockEnd..];
                    }

                    string? rest = CreateBrackets(leg, '[', ']', UnquotedComma, variables);
                    if (rest is null || rest == leg)
                    {
                        throw new FormatException("Parse Error []");
                    }

                    leg = rest;
                }

                legs.Add(new Leg(variables, leg.TrimStart(' ')));
            }

            groups.Add(legs);
        }

        return new Dial(enterprise, global, groups);
    }

    /// <summary>
    /// A leg's channel variables as FreeSWITCH sets them, in order: the enterprise and global ones, then the leg's own
    /// (a leg's own value is overridden by a global one of the same name). A value holding a variable reference (<c>${</c>)
    /// is dropped, as FreeSWITCH drops it unless <c>origination_nested_vars</c> is set.
    /// </summary>
    public static List<KeyValuePair<string, string>> ChannelVariables(Dial dial, Leg leg)
    {
        bool checkVars = !dial.Enterprise.Concat(dial.Global).Concat(leg.Variables)
            .Any(v => v.Key.Equals("origination_nested_vars", StringComparison.OrdinalIgnoreCase) && v.Value.Equals("true", StringComparison.OrdinalIgnoreCase));
        var result = new List<KeyValuePair<string, string>>();
        void Set(string name, string value)
        {
            if (checkVars && ContainsVariable(value))
            {
                return;
            }

            int index = result.FindIndex(v => v.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                result[index] = new(result[index].Key, value);
            }
            else
            {
                result.Add(new(name, value));
            }
        }

        // The leg's own [...] variables come first on the channel, then the <...> and {...} ones (the pro-failover capture's
        // order); a name both have takes the block-wide value.
        var globals = new HashSet<string>(dial.Enterprise.Concat(dial.Global).Select(v => v.Key), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in leg.Variables)
        {
            if (!globals.Contains(name))
            {
                Set(name, value);
            }
        }

        foreach (var (name, value) in dial.Enterprise.Concat(dial.Global))
        {
            Set(name, value);
        }

        return result;
    }

    /// <summary>switch_separate_string: the <c>^^X</c> delimiter override, the blank or char tokenizer, then cleanup.</summary>
    public static List<string> Separate(string buffer, char delim, int arrayLength)
    {
        if (buffer.Length >= 4 && buffer[0] == '^' && buffer[1] == '^')
        {
            delim = buffer[2];
            buffer = buffer[3..];
        }

        var tokens = delim == ' ' ? BlankTokens(buffer, arrayLength) : CharTokens(buffer, delim, arrayLength);
        return [.. tokens.Select(t => Cleanup(t, delim == ' ' ? '\0' : delim))];
    }

    /// <summary>cleanup_separated_string: unescape <c>\n \r \t \s</c>, quotes, the delimiter; strip quote pairs; trim blanks.</summary>
    public static string Cleanup(string s, char delim)
    {
        int i = 0;
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        var output = new StringBuilder(s.Length);
        int? end = null;
        bool inQuotes = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            bool escaped = false;
            if (c == '\\')
            {
                char next = i + 1 < s.Length ? s[i + 1] : '\0';
                char unescaped = Unescape(next);
                if (next == '\'' || next == '"' || (delim != '\0' && next == delim) || next == '\\' || unescaped != next)
                {
                    i++;
                    output.Append(unescaped);
                    end = output.Length;
                    escaped = true;
                }
            }

            if (escaped)
            {
                continue;
            }

            if (c == '\'' && (inQuotes || s.IndexOf('\'', i + 1) >= 0))
            {
                inQuotes = !inQuotes;
                if (inQuotes)
                {
                    end = output.Length;
                }
            }
            else
            {
                output.Append(c);
                if (c != ' ' || inQuotes)
                {
                    end = output.Length;
                }
            }
        }

        return end is int e ? output.ToString(0, e) : output.ToString();
    }

    private static char Unescape(char c) => c switch
    {
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        's' => ' ',
        _ => c,
    };

    private static List<string> CharTokens(string buffer, char delim, int arrayLength)
    {
        var starts = new List<int>();
        var ends = new List<int>();
        bool inQuotes = false;
        bool findDelimiter = false;
        int i = 0;
        while (i < buffer.Length && starts.Count < arrayLength)
        {
            if (!findDelimiter)
            {
                starts.Add(i);
                ends.Add(-1);
                findDelimiter = true;
                continue;
            }

            char c = buffer[i];
            if (c == '\\')
            {
                i++;
                if (i >= buffer.Length)
                {
                    throw new FormatException("a token ends in a lone backslash");
                }
            }
            else if (c == '\'' && (inQuotes || buffer.IndexOf('\'', i + 1) >= 0))
            {
                inQuotes = !inQuotes;
            }
            else if (c == delim && !inQuotes)
            {
                ends[^1] = i;
                findDelimiter = false;
            }

            i++;
        }

        return [.. starts.Select((start, k) => ends[k] < 0 ? buffer[start..] : buffer[start..ends[k]])];
    }

    private static List<string> BlankTokens(string buffer, int arrayLength)
    {
        var starts = new List<int>();
        var ends = new List<int>();
        bool inQuotes = false;
        int state = 0; // 0 start, 1 skip initial space, 2 find delimiter, 3 skip ending space
        int i = 0;
        while (i < buffer.Length && starts.Count < arrayLength)
        {
            switch (state)
            {
                case 0:
                    starts.Add(i);
                    ends.Add(-1);
                    state = 1;
                    break;
                case 1:
                    if (buffer[i] == ' ')
                    {
                        i++;
                    }
                    else
                    {
                        state = 2;
                    }

                    break;
                case 2:
                    char c = buffer[i];
                    if (c == '\\')
                    {
                        i++;
                        if (i >= buffer.Length)
                        {
                            throw new FormatException("a token ends in a lone backslash");
                        }
                    }
                    else if (c == '\'')
                    {
                        inQuotes = !inQuotes; // every quote toggles here, unlike the char tokenizer
                    }
                    else if (c == ' ' && !inQuotes)
                    {
                        ends[^1] = i;
                        state = 3;
                    }

                    i++;
                    break;
                default:
                    if (buffer[i] == ' ')
                    {
                        i++;
                    }
                    else
                    {
                        state = 0;
                    }

                    break;
            }
        }

        return [.. starts.Select((start, k) => ends[k] < 0 ? buffer[start..] : buffer[start..ends[k]])];
    }

    /// <summary>switch_find_end_paren: skip spaces, require the opening bracket, return the balancing closer (no escapes, no quotes).</summary>
    private static int? FindEndParen(string s, char open, char close, int start = 0)
    {
        int i = start;
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        if (i >= s.Length || s[i] != open)
        {
            return null;
        }

        int depth = 1;
        for (int j = i + 1; j < s.Length; j++)
        {
            if (s[j] == open && open != close)
            {
                depth++;
            }
            else if (s[j] == close && --depth == 0)
            {
                return j;
            }
        }

        return null;
    }

    private static string? CreateBrackets(string data, char open, char close, char separator, List<KeyValuePair<string, string>> variables)
    {
        int? end = FindEndParen(data, open, close);
        if (end is null)
        {
            return null;
        }

        string inner = data[(data.IndexOf(open, StringComparison.Ordinal) + 1)..end.Value];
        string rest = data[(end.Value + 1)..];
        if (inner.Length >= 3 && inner.StartsWith("^^", StringComparison.Ordinal))
        {
            separator = inner[2];
            inner = inner[3..];
        }

        foreach (string item in Separate(inner, separator, 1024))
        {
            var nameValue = Separate(item, '=', 2);
            if (nameValue.Count == 2 && nameValue[0].Length > 0 && nameValue[1].Length > 0)
            {
                // EF_UNIQ_HEADERS: a later value of the same name replaces the earlier one.
                variables.RemoveAll(v => v.Key.Equals(nameValue[0], StringComparison.OrdinalIgnoreCase));
                variables.Add(new(nameValue[0], nameValue[1]));
            }
        }

        return rest;
    }

    // Inside each […] a comma not after a backslash becomes a variable separator, or a literal comma while a quote
    // is open or the block starts with ^^.
    private static string MarkCommas(string pipe)
    {
        var p = pipe.ToCharArray();
        int? end = null;
        bool quoted = false;
        bool alternate = false;
        for (int i = 0; i < p.Length; i++)
        {
            if (end is null && p[i] == '[')
            {
                end = FindEndParen(new string(p), '[', ']', i);
                alternate = i + 2 < p.Length && p[i + 1] == '^' && p[i + 2] == '^';
                quoted = false;
            }

            if (p[i] == '\'')
            {
                quoted = !quoted;
            }

            if (end is int e && i < e && p[i] == ',' && (i == 0 || p[i - 1] != '\\'))
            {
                p[i] = quoted || alternate ? QuotedComma : UnquotedComma;
            }

            if (end is int e2 && i == e2)
            {
                end = null;
            }
        }

        return new string(p);
    }

    // switch_string_var_check_const: "$" then "{", backslashes between allowed.
    private static bool ContainsVariable(string value)
    {
        bool dollar = false;
        foreach (char c in value)
        {
            if (c == '$')
            {
                dollar = true;
            }
            else if (dollar)
            {
                if (c == '{')
                {
                    return true;
                }

                if (c != '\\')
                {
                    dollar = false;
                }
            }
        }

        return false;
    }
}
