namespace EslKit;

/// <summary>
/// A validated FreeSWITCH API call (<c>&lt;command&gt; [arguments]</c>), ready to send with
/// <see cref="EslCommands.Api(EslApiCall)"/> or <see cref="EslCommands.BgApi(EslApiCall, Guid)"/>. Build
/// one with <see cref="EslApi"/> (argument builders that escape every value for its slot) or
/// <see cref="EslCommands.Api(string, string?)"/> for a raw command.
/// </summary>
public readonly struct EslApiCall : IEslPacketSource
{
    private readonly string _command;
    private readonly string? _arguments;
    private readonly EslOriginate? _originate;
    private readonly bool _raw;

    // Where the secret part of the arguments starts (it always runs to the end), or -1.
    private readonly int _secretFrom;

    private EslApiCall(string command, string? arguments, EslOriginate? originate, int secretFrom, bool raw = false)
    {
        _raw = raw;
        _command = command;
        _arguments = arguments;
        _originate = originate;
        _secretFrom = secretFrom;
    }

    /// <summary>The API command's name, e.g. <c>originate</c> or <c>uuid_kill</c>.</summary>
    public string Command => _command ?? string.Empty;

    internal bool IsCreated => _command is not null;

    /// <summary>The redacted rendering of the call, e.g. <c>originate {sip_auth_password=***}sofia/…</c>.</summary>
    /// <remarks>Rendered by the code that writes the call (redacting), so the masking cannot drift from it.</remarks>
    public override string ToString() => IsCreated ? EslPacket.Render(this) : EslPacket.DefaultText;

    /// <summary>
    /// A whole command line, as <c>fs_cli -x</c> takes it: <c>show channels</c>, <c>sofia status gateway trunk</c>,
    /// <c>originate sofia/gateway/trunk/601100002 &amp;park</c>. The first word is the command (ASCII letters,
    /// digits, <c>_</c>); the rest, after the space(s) that follow it, is its arguments, taken literally and
    /// checked as raw arguments are (see <see cref="EslCommands.Api(string, string?)"/>). Prefer
    /// <see cref="EslApi"/> and <see cref="EslOriginate"/> for values that come from users: they escape them.
    /// </summary>
    /// <exception cref="EslValueRejectedException">
    /// The field <c>command</c> for a line break, NUL, unpaired surrogate, leading/trailing blank or a malformed
    /// command word; <c>arguments</c> for what is wrong with the rest. The message never shows the line.
    /// </exception>
    public static EslApiCall Parse(string commandLine) => Raw(commandLine, null);

    /// <summary>
    /// A raw call: <paramref name="command"/> is a command or a whole command line (its first word is the
    /// command, the rest arguments); <paramref name="arguments"/>, if any, follow. Arguments are taken
    /// literally; FreeSWITCH trims their ends, so leading/trailing blanks are refused.
    /// </summary>
    internal static EslApiCall Raw(string command, string? arguments)
    {
        const string CommandField = "command";
        const string ArgumentsField = "arguments";

        // The whole text first, so a line break anywhere is reported as one, whatever else is wrong.
        EslValues.Line(command, CommandField, trimmedByFreeSwitch: true, allowEmpty: false);
        string name = command;
        string? rest = null;
        int space = command.IndexOf(' ', StringComparison.Ordinal);
        if (space >= 0)
        {
            // FreeSWITCH splits at the first space and trims the rest: more spaces there are separators too.
            name = command[..space];
            rest = command[(space + 1)..].TrimStart(' ');
        }

        EslValues.Name(name, CommandField, EslValues.CommandNameExtra);
        var guard = default(EslHijackGuard);
        guard.Add(name, CommandField);
        if (rest is not null)
        {
            guard.Add(EslValues.Line(rest, ArgumentsField, trimmedByFreeSwitch: true), ArgumentsField);
        }

        if (!string.IsNullOrEmpty(arguments))
        {
            guard.Add(EslValues.Line(arguments, ArgumentsField, trimmedByFreeSwitch: true), ArgumentsField);
            rest = rest is null ? arguments : $"{rest} {arguments}";
        }

        return new EslApiCall(name, string.IsNullOrEmpty(rest) ? null : rest, null, -1, raw: true);
    }

    /// <summary>A call whose arguments an <see cref="EslApi"/> builder has already validated and escaped.</summary>
    internal static EslApiCall Built(string command, string arguments, int secretFrom = -1) => new(command, arguments, null, secretFrom);

    internal static EslApiCall Originate(EslOriginate originate) =>
        new("originate", null, originate ?? throw new ArgumentNullException(nameof(originate)), -1);

    void IEslPacketSource.Emit(ref EslPacketWriter writer) => Emit(ref writer);

    /// <summary>Writes <c>&lt;command&gt;[ &lt;arguments&gt;]</c> (no line end).</summary>
    internal void Emit(ref EslPacketWriter writer)
    {
        EslPacket.EnsureCreated(_command);
        writer.Text(_command);
        if (_originate is not null)
        {
            writer.Write((byte)' ');
            _originate.EmitArgument(ref writer);
        }
        else if (_arguments is not null)
        {
            writer.Write((byte)' ');
            if (_secretFrom >= 0 && writer.Redacting)
            {
                writer.Text(_arguments.AsSpan(0, _secretFrom));
                writer.Write(EslPacketWriter.MaskUtf8);
            }
            else if (_raw && writer.Redacting)
            {
                // Raw text the caller wrote may still set sip_auth_password (an originate, a uuid_setvar …).
                string redacted = EslKit.Diagnostics.EslRedaction.RedactCommandLine($"{_command} {_arguments}");
                writer.Text(redacted.AsSpan(_command.Length + 1));
            }
            else
            {
                writer.Text(_arguments);
            }
        }
    }
}
