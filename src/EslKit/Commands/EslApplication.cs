namespace EslKit;

/// <summary>
/// A dialplan application and its argument, for an originate (<c>&amp;name(argument)</c>) or
/// <c>sendmsg … execute</c>. The argument is checked for the slot it is written into when it is used.
/// </summary>
public readonly struct EslApplication
{
    /// <summary>Creates an application call.</summary>
    /// <param name="name">The application, e.g. <c>park</c> or <c>playback</c>: ASCII letters, digits and <c>_</c>.</param>
    /// <param name="argument">Its argument (application data), or null.</param>
    public EslApplication(string name, string? argument = null)
    {
        EslValues.Name(name, nameof(name), EslValues.CommandNameExtra);
        Name = name;
        Argument = string.IsNullOrEmpty(argument) ? null : argument;
    }

    /// <summary>The application's name.</summary>
    public string Name { get; }

    /// <summary>The argument, or null.</summary>
    public string? Argument { get; }

    /// <summary><c>park</c>: hold the call until something else controls it.</summary>
    public static EslApplication Park() => new("park");

    /// <summary>
    /// <c>socket &lt;host&gt;:&lt;port&gt; [async] [full]</c>: connect the call to an outbound ESL server. Use
    /// <c>async full</c> (the defaults) unless you know otherwise: without <c>full</c> FreeSWITCH answers
    /// <c>-ERR command not found</c> to api, bgapi, event, linger and more on that socket.
    /// </summary>
    /// <param name="host">The server's IPv4 address or DNS name (no port).</param>
    /// <param name="port">Its port; FreeSWITCH's default is 8084.</param>
    /// <param name="async">Run the socket in its own thread and park the call meanwhile.</param>
    /// <param name="full">Allow every ESL command on the socket, not only those for this channel.</param>
    public static EslApplication Socket(string host, int port = 8084, bool async = true, bool full = true)
    {
        EslValues.Host(host, nameof(host), allowPort: false);
        EslValues.Port(port, nameof(port));
        string argument = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{host}:{port}{(async ? " async" : "")}{(full ? " full" : "")}");
        return new("socket", argument);
    }

    /// <summary>
    /// <c>set &lt;name&gt;=&lt;value&gt;</c>: sets a channel variable to exactly <paramref name="value"/> (empty unsets it).
    /// FreeSWITCH expands <c>${…}</c> in application data before the application runs, so a value holding
    /// <c>${</c> is refused: it would not arrive as given. Line breaks are carried (the argument then
    /// travels in the sendmsg body).
    /// </summary>
    /// <param name="name">The variable: ASCII letters, digits, <c>_ . -</c>.</param>
    /// <param name="value">The value; no NUL, unpaired surrogate or <c>${</c>.</param>
    public static EslApplication Set(string name, string value)
    {
        EslValues.Name(name, nameof(name), EslValues.VariableNameExtra);
        if ((EslValues.Body(EslValues.NotNull(value, nameof(value)), name) & EslTextTraits.VariableExpansion) != 0)
        {
            throw new EslValueRejectedException(name, EslRejectionReason.VariableExpansion);
        }

        return new("set", $"{name}={value}");
    }

    /// <summary><c>name(argument)</c>, for reading only.</summary>
    public override string ToString() => Argument is null ? Name ?? string.Empty : $"{Name}({Argument})";
}
