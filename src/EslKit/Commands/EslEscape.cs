namespace EslKit.Commands;

/// <summary>How a value is escaped for the FreeSWITCH parser that reads its slot (DESIGN.md §3).</summary>
internal enum EslEscape
{
    /// <summary>Written as is: ESL header values and bodies, which FreeSWITCH takes literally.</summary>
    None = 0,

    /// <summary>
    /// A value inside an originate variable block (<c>&lt;…&gt;</c>, <c>{…}</c>, <c>[…]</c>): <c>,</c> → <c>\,</c>,
    /// <c>'</c> → <c>\'</c>, space → <c>\s</c>; everything else as it is.
    /// </summary>
    Block,

    /// <summary>
    /// One argument of a space-separated argument list (originate's <c>&amp;app(args)</c>, uuid_broadcast's
    /// path, uuid_audio_stream's text): <c>'</c> → <c>\'</c>, space → <c>\s</c>, so the value stays one argument.
    /// </summary>
    Token,

    /// <summary>
    /// The last argument of a list that keeps the rest of the line unsplit (uuid_setvar's value,
    /// uuid_audio_stream's metadata): only <c>'</c> → <c>\'</c>, so a pair of quotes is not stripped.
    /// </summary>
    RestOfLine,
}
