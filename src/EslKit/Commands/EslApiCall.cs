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

    /// <summary>A raw call: the command is a name, the arguments are taken literally (FreeSWITCH trims their ends).</summary>
    internal static EslApiCall Raw(string command, string? arguments, string commandField = "command", string argumentsField = "arguments")
    {
        EslValues.Name(command, commandField, EslValues.CommandNameExtra);
        var guard = default(EslHijackGuard);
        guard.Add(command, commandField);
        if (!string.IsNullOrEmpty(arguments))
        {
            guard.Add(EslValues.Line(arguments, argumentsField, trimmedByFreeSwitch: true), argumentsField);
        }

        return new EslApiCall(command, string.IsNullOrEmpty(arguments) ? null : arguments, null, -1, raw: true);
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
