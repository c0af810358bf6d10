namespace EslKit.Commands;

/// <summary>What a value contains that matters to some FreeSWITCH parser (see <see cref="EslText.Inspect"/>).</summary>
[Flags]
internal enum EslTextTraits : uint
{
    None = 0,
    CarriageReturn = 1u << 0,
    LineFeed = 1u << 1,
    Nul = 1u << 2,

    /// <summary>A C0 control character other than TAB, CR, LF and NUL, or DEL.</summary>
    Control = 1u << 3,

    /// <summary>A UTF-16 surrogate without its pair: UTF-8 cannot carry it, so it would arrive as U+FFFD.</summary>
    LoneSurrogate = 1u << 4,
    Backslash = 1u << 5,
    Quote = 1u << 6,
    MultipleQuotes = 1u << 7,
    Space = 1u << 8,
    Tab = 1u << 9,

    /// <summary>Starts with a space, TAB or VT.</summary>
    LeadingWhitespace = 1u << 10,

    /// <summary>Ends with a space, TAB or VT.</summary>
    TrailingWhitespace = 1u << 11,

    /// <summary><c>${</c>: FreeSWITCH refuses (originate variables) or expands (application data) it.</summary>
    VariableExpansion = 1u << 12,

    /// <summary><c>:_:</c>: anywhere in a dial string it switches originate to enterprise mode.</summary>
    EnterpriseSeparator = 1u << 13,

    /// <summary>Starts with <c>ARRAY::</c>: FreeSWITCH turns such a variable into an array.</summary>
    ArrayPrefix = 1u << 14,

    /// <summary><c>{</c> or <c>}</c>.</summary>
    Brace = 1u << 15,

    /// <summary><c>&lt;</c> or <c>&gt;</c>.</summary>
    Angle = 1u << 16,

    /// <summary><c>[</c> or <c>]</c>.</summary>
    Square = 1u << 17,
    Pipe = 1u << 18,
    Comma = 1u << 19,
    CloseParenthesis = 1u << 20,
    Colon = 1u << 21,
    At = 1u << 22,

    /// <summary>"unload" or "reload", any case.</summary>
    UnloadOrReload = 1u << 23,

    /// <summary>"mod_event_socket", any case.</summary>
    ModEventSocket = 1u << 24,
}
