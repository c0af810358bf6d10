using System.Text;

namespace EslKit.Tests.Commands;

/// <summary>
/// A reference model of how FreeSWITCH reads what EslKit sends, written independently of EslKit from the
/// C source (mod_event_socket.c read_packet/parse_command/strip_cr, switch_loadable_module.c
/// switch_api_execute, switch_utils.c switch_separate_string/cleanup_separated_string/
/// switch_find_end_paren, switch_event.c switch_event_create_brackets, switch_ivr_originate.c, mod_commands.c
/// originate_function; see /tmp/research/originate-parsing.md). It is deliberately literal, not clever:
/// each function mirrors one C function, including its quirks (a quote toggles differently in the two
/// tokenizers; <c>{}</c>/<c>[]</c>/<c>&lt;&gt;</c> close at the first balancing bracket whatever the quoting;
/// an unknown <c>\x</c> keeps its backslash). Undefined behaviour in C (a token ending in a lone backslash)
/// throws <see cref="UndefinedBehaviourException"/>.
/// </summary>
internal static class FreeSwitchModel
{
    // switch_ivr_originate marks commas inside [...] before splitting legs on ','.
    private const char QuotedComma = '\x01';
    private const char UnquotedComma = '\x02';

    /// <summary>The C code would read past the end of a string here.</summary>
    public sealed class UndefinedBehaviourException(string message) : Exception(message);

    // ---------------------------------------------------------------- ESL transport

    /// <summary>One packet as mod_event_socket's read_packet sees it.</summary>
    public sealed record Packet(string CommandLine, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body)
    {
        /// <summary>The header block as one text: what the unload/reload hijack check scans.</summary>
        public string HeaderBlock { get; init; } = "";

        public string? Header(string name) =>
            Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
    }

    /// <summary>
    /// read_packet over a byte stream: leading CR/LF skipped, a header block ends at two LFs (CRs
    /// ignored), line 1 is the command, later lines split at the first ':' with spaces skipped, and each
    /// content-length header reads that many body bytes at once.
    /// </summary>
    public static List<Packet> ReadPackets(byte[] data)
    {
        var packets = new List<Packet>();
        int i = 0;
        while (true)
        {
            while (i < data.Length && data[i] is (byte)'\r' or (byte)'\n')
            {
                i++;
            }

            if (i >= data.Length)
            {
                return packets;
            }

            int start = i;
            int newlines = 0;
            while (i < data.Length && newlines < 2)
            {
                if (data[i] == '\n')
                {
                    newlines++;
                }
                else if (data[i] != '\r')
                {
                    newlines = 0;
                }

                i++;
            }

            if (newlines < 2)
            {
                throw new InvalidOperationException("The packet's header block is not terminated.");
            }

            string block = Encoding.UTF8.GetString(data, start, i - start);
            var lines = block.Split('\n');
            string command = lines[0];
            var headers = new List<KeyValuePair<string, string>>();
            byte[]? body = null;
            foreach (string raw in lines.Skip(1))
            {
                string line = raw.TrimEnd('\r');
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                string name = line[..colon];
                string value = line[(colon + 1)..].TrimStart(' ');
                headers.Add(new(name, value));
                if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase) && int.TryParse(value, out int length) && length > 0)
                {
                    if (i + length > data.Length)
                    {
                        throw new InvalidOperationException("The body is cut short.");
                    }

                    body = data[i..(i + length)];
                    i += length;
                }
            }

            packets.Add(new Packet(command, headers, body) { HeaderBlock = block });
        }
    }

    /// <summary>parse_command's first step: the hijack (on the whole header block, case-insensitively).</summary>
    public static bool IsHijacked(Packet packet) =>
        (Contains(packet.HeaderBlock, "unload") || Contains(packet.HeaderBlock, "reload")) && Contains(packet.HeaderBlock, "mod_event_socket");

    /// <summary>strip_cr: the line ends at its first CR, or (without one) at its first LF.</summary>
    public static string StripCr(string s)
    {
        int cr = s.IndexOf('\r', StringComparison.Ordinal);
        int lf = s.IndexOf('\n', StringComparison.Ordinal);
        return cr >= 0 ? s[..cr] : lf >= 0 ? s[..lf] : s;
    }

    /// <summary>
    /// An <c>api</c>/<c>bgapi</c> command line as the API receives it: the command up to the first space,
    /// and the rest with switch_strip_whitespace applied (CR, LF, TAB, space, VT trimmed from both ends).
    /// </summary>
    public static (string Command, string? Argument) ApiCall(string line)
    {
        string rest = line.StartsWith("api ", StringComparison.OrdinalIgnoreCase) ? line[4..]
            : line.StartsWith("bgapi ", StringComparison.OrdinalIgnoreCase) ? line[6..]
            : throw new InvalidOperationException("Not an api or bgapi line.");
        rest = StripCr(rest);
        int space = rest.IndexOf(' ', StringComparison.Ordinal);
        string command = space < 0 ? rest : rest[..space];
        string? argument = space < 0 ? null : rest[(space + 1)..].Trim('\r', '\n', '\t', ' ', '\v');
        return (command.Trim('\r', '\n', '\t', ' ', '\v'), argument);
    }

    // ---------------------------------------------------------------- switch_utils.c

    public static char UnescapeChar(char c) => c switch
    {
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        's' => ' ',
        _ => c,
    };

    /// <summary>cleanup_separated_string(str, delim); <paramref name="delim"/> '\0' for the blank tokenizer.</summary>
    public static string Cleanup(string s, char delim)
    {
        int i = 0;
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        var output = new StringBuilder();
        int? end = null;
        bool inQuotes = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            bool escaped = false;
            if (c == '\\')
            {
                char next = i + 1 < s.Length ? s[i + 1] : '\0';
                char unescaped = UnescapeChar(next);
                if (next == '\'' || next == '"' || (delim != '\0' && next == delim) || next == '\\' || unescaped != next)
                {
                    i++;
                    output.Append(unescaped);
                    end = output.Length;
                    escaped = true;
                }
            }

            if (!escaped)
            {
                // A quote opens only when another one follows (in the rest of the token, escaped or not).
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
        }

        return end is int e ? output.ToString(0, e) : output.ToString();
    }

    /// <summary>switch_separate_string: the <c>^^X</c> delimiter override, then the blank or char tokenizer, then cleanup.</summary>
    public static List<string> Separate(string buffer, char delim, int arrayLength)
    {
        if (buffer.Length >= 4 && buffer[0] == '^' && buffer[1] == '^')
        {
            delim = buffer[2];
            buffer = buffer[3..];
        }

        var tokens = delim == ' ' ? BlankTokens(buffer, arrayLength) : CharTokens(buffer, delim, arrayLength);
        return tokens.Select(t => Cleanup(t, delim == ' ' ? '\0' : delim)).ToList();
    }

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
                    throw new UndefinedBehaviourException("A token ends in a lone backslash: the tokenizer reads past the end.");
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

        return starts.Select((s, k) => ends[k] < 0 ? buffer[s..] : buffer[s..ends[k]]).ToList();
    }

    private static List<string> BlankTokens(string buffer, int arrayLength)
    {
        var starts = new List<int>();
        var ends = new List<int>();
        bool inQuotes = false;
        var state = 0; // 0 START, 1 SKIP_INITIAL_SPACE, 2 FIND_DELIM, 3 SKIP_ENDING_SPACE
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
                            throw new UndefinedBehaviourException("A token ends in a lone backslash: the tokenizer reads past the end.");
                        }
                    }
                    else if (c == '\'')
                    {
                        // No look-ahead here, unlike the char tokenizer: every quote toggles.
                        inQuotes = !inQuotes;
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

        return starts.Select((s, k) => ends[k] < 0 ? buffer[s..] : buffer[s..ends[k]]).ToList();
    }

    /// <summary>switch_find_end_paren: skip spaces, require the opening bracket, return the balancing closer (no escapes, no quotes).</summary>
    public static int? FindEndParen(string s, char open, char close, int start = 0)
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

    // ---------------------------------------------------------------- switch_event.c

    /// <summary>switch_event_create_brackets: one block, its items split on <paramref name="separator"/>, each at its first '='.</summary>
    public static string? CreateBrackets(string data, char open, char close, char separator, List<KeyValuePair<string, string>> variables)
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
            if (nameValue.Count == 2)
            {
                // EF_UNIQ_HEADERS: a later header of the same name (compared case-insensitively) replaces it.
                variables.RemoveAll(v => v.Key.Equals(nameValue[0], StringComparison.OrdinalIgnoreCase));
                variables.Add(new(nameValue[0], nameValue[1]));
            }
        }

        return rest;
    }

    // ---------------------------------------------------------------- switch_ivr_originate.c

    public sealed record Leg(IReadOnlyList<KeyValuePair<string, string>> Variables, string Endpoint);

    public sealed record Dial(
        IReadOnlyList<KeyValuePair<string, string>> Enterprise,
        IReadOnlyList<KeyValuePair<string, string>> Global,
        IReadOnlyList<IReadOnlyList<Leg>> Groups,
        bool CheckVars)
    {
        /// <summary>True when FreeSWITCH took the enterprise path (a <c>:_:</c> anywhere in the dial string).</summary>
        public bool IsEnterprise { get; init; }

        public IEnumerable<Leg> Legs => Groups.SelectMany(g => g);
    }

    /// <summary>The dial string (originate's first argument after its unescaping) as switch_ivr_originate reads it.</summary>
    public static Dial ParseDial(string data)
    {
        if (data.Contains(":_:", StringComparison.Ordinal))
        {
            return new Dial([], [], [], true) { IsEnterprise = true };
        }

        string d = data.TrimStart(' ');
        bool checkVars = !Contains(d, "origination_nested_vars=true");
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

        return new Dial(enterprise, global, groups, checkVars);
    }

    /// <summary>
    /// Inside each [...] a comma not right after a backslash becomes \x02 (a variable separator) or, while a
    /// quote is open or the block starts with ^^, \x01 (a literal comma). Every quote flips the state; each
    /// '[' resets it.
    /// </summary>
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

    /// <summary>switch_string_var_check_const: <c>$</c>, any backslashes, <c>{</c>.</summary>
    public static bool ContainsVariable(string value)
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

    /// <summary>
    /// The variables a leg's channel ends up with: its […] ones, then the &lt;…&gt;/{…} ones (which win for a
    /// name in both). A variable whose value contains a variable reference is dropped (unless
    /// origination_nested_vars), and an ARRAY:: value becomes an array (shown with the prefix "array:").
    /// </summary>
    public static Dictionary<string, string> ChannelVariables(Dial dial, Leg leg)
    {
        var channel = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in leg.Variables.Concat(dial.Enterprise).Concat(dial.Global))
        {
            if (dial.CheckVars && ContainsVariable(value))
            {
                continue;
            }

            channel[name] = value.StartsWith("ARRAY::", StringComparison.Ordinal) ? "array:" + value : value;
        }

        return channel;
    }

    /// <summary>
    /// The UUID each leg's channel asks for, in dialling order: switch_core_session_outgoing_channel passes the leg's
    /// variables (its […] ones, then the &lt;…&gt;/{…} ones) to the endpoint, which creates the session with that
    /// <c>origination_uuid</c> (switch_core_session_request_uuid); null lets FreeSWITCH choose one.
    /// </summary>
    public static IReadOnlyList<string?> RequestedUuids(Dial dial) =>
        [.. dial.Legs.Select(leg => ChannelVariables(dial, leg).TryGetValue("origination_uuid", out string? uuid) ? uuid : null)];

    /// <summary>
    /// The first leg (index in dialling order) whose channel cannot be created because an earlier leg's channel has
    /// that UUID: switch_core_session_request_uuid finds it in the session table ("Duplicate UUID!"), the leg fails
    /// with DESTINATION_OUT_OF_ORDER and is never dialled. A simultaneous leg clashes with the legs of its group, a
    /// sequential one with the failed leg before it, which is still being torn down when the next is created. Null
    /// when every leg can be created.
    /// </summary>
    public static int? FirstDuplicateUuidLeg(Dial dial)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var requested = RequestedUuids(dial);
        for (int i = 0; i < requested.Count; i++)
        {
            if (requested[i] is { } uuid && !seen.Add(uuid))
            {
                return i;
            }
        }

        return null;
    }

    // ---------------------------------------------------------------- mod_commands.c originate_function

    public sealed record Originate(
        int ArgumentCount,
        string? Usage,
        Dial? Dial,
        string? Application,
        string? ApplicationArguments,
        string? Extension,
        string Dialplan,
        string Context);

    /// <summary>The argument of the <c>originate</c> API, after switch_api_execute's trimming.</summary>
    public static Originate ParseOriginate(string argument)
    {
        var argv = Separate(argument, ' ', 10);
        if (argv.Count is < 2 or > 7)
        {
            return new Originate(argv.Count, "-USAGE", null, null, null, null, "XML", "default");
        }

        var args = argv.Select(a => a.Equals("undef", StringComparison.OrdinalIgnoreCase) ? null : a).Concat(Enumerable.Repeat<string?>(null, 10)).ToArray();
        string? application = null;
        string? applicationArguments = null;
        string? extension = null;
        string? exten = args[1];
        if (exten is { Length: > 1 } && exten[0] == '&')
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
            extension = exten;
        }

        return new Originate(
            argv.Count,
            null,
            args[0] is null ? null : ParseDial(args[0]!),
            application,
            applicationArguments,
            extension,
            args[2] ?? "XML",
            args[3] ?? "default");
    }

    // switch_stristr: ASCII case folding only (bytes above 127 compare as they are).
    private static bool Contains(string text, string word) => AsciiUpper(text).Contains(AsciiUpper(word), StringComparison.Ordinal);

    private static string AsciiUpper(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (int i = 0; i < source.Length; i++)
        {
            span[i] = char.IsAsciiLetterLower(source[i]) ? (char)(source[i] - 32) : source[i];
        }
    });
}
