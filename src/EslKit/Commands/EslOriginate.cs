using System.Buffers;
using System.Text;

namespace EslKit;

/// <summary>
/// A validated, immutable originate: the argument of the <c>originate</c> API
/// (<c>&lt;…&gt;{…}[…]endpoint|[…]endpoint &amp;app(args)</c>). Send it with
/// <see cref="EslCommands.BgApi(EslOriginate, Guid)"/> (or <see cref="EslCommands.Api(EslOriginate)"/>);
/// build it with <see cref="CreateBuilder"/>. Every value is escaped as it is written, so writing allocates
/// nothing; <see cref="ToString"/> masks <c>sip_auth_password</c> and every variable marked secret.
/// </summary>
public sealed class EslOriginate
{
    private readonly EslBlockPlacement _placement;
    private readonly EslEndpoint[] _endpoints;
    private readonly EslLegMode _mode;
    private readonly string? _application;
    private readonly string? _arguments;
    private readonly string? _extension;
    private readonly string? _dialplan;
    private readonly string? _context;
    private readonly int _argumentBytes;

    internal EslOriginate(
        EslBlockPlacement placement,
        EslEndpoint[] endpoints,
        Guid?[] legUuids,
        EslLegMode mode,
        string? application,
        string? arguments,
        string? extension,
        string? dialplan,
        string? context,
        Guid? uuid)
    {
        _placement = placement;
        _endpoints = endpoints;
        _mode = mode;
        _application = application;
        _arguments = arguments;
        _extension = extension;
        _dialplan = dialplan;
        _context = context;
        Uuid = uuid;
        LegUuids = legUuids;
        var measure = EslPacketWriter.Measure();
        Emit(ref measure);
        _argumentBytes = measure.Length;
    }

    /// <summary>The channel UUID chosen with <see cref="EslOriginateBuilder.Uuid"/> (<c>origination_uuid</c> for the one leg), if any.</summary>
    public Guid? Uuid { get; }

    /// <summary>
    /// Per leg, in order, the UUID its channel will have (<c>origination_uuid</c>), or null where FreeSWITCH chooses
    /// one. Every UUID here is distinct, and no other can be set: record them before dialling to know every channel
    /// the originate can create (<c>uuid_exists</c> tells later whether one was). The originate answers
    /// <c>+OK &lt;uuid&gt;</c> with the UUID of the leg that answered.
    /// </summary>
    public IReadOnlyList<Guid?> LegUuids { get; }

    /// <summary>How many legs the originate has.</summary>
    public int LegCount => _endpoints.Length;

    /// <summary>How the legs are tried.</summary>
    public EslLegMode Mode => _mode;

    /// <summary>The length in bytes of the argument as sent.</summary>
    public int ArgumentByteCount => _argumentBytes;

    /// <summary>Starts building an originate.</summary>
    public static EslOriginateBuilder CreateBuilder() => new();

    /// <summary>
    /// Writes the argument exactly as FreeSWITCH receives it — secrets included — e.g. for a tool that
    /// prints the command for a script. Never log it: use <see cref="ToString"/>.
    /// </summary>
    public void WriteArgumentTo(IBufferWriter<byte> writer) => EslPacket.Write(new ArgumentSource(this), writer);

    /// <summary>The redacted rendering: <c>originate &lt;argument&gt;</c> with secret values as <c>***</c>.</summary>
    public override string ToString() => EslPacket.Render(new RenderSource(this));

    /// <summary>
    /// Which block carries the variable <paramref name="name"/> for leg <paramref name="leg"/> (see
    /// <see cref="EslOriginateBuilder"/> for how the block is chosen), or null when the originate does not set it.
    /// </summary>
    /// <param name="name">The variable, as it was given (names compare ordinally).</param>
    /// <param name="leg">The leg, from 0.</param>
    public EslVariableBlock? GetBlock(string name, int leg = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(leg);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leg, _endpoints.Length);
        bool Has(EslOriginateVariable[] variables) => variables.Any(v => v.Name == name);
        return Has(_placement.Legs[leg]) ? EslVariableBlock.Leg
            : Has(_placement.Global) ? EslVariableBlock.Global
            : Has(_placement.Enterprise) ? EslVariableBlock.Enterprise
            : null;
    }

    /// <summary>Writes the argument (no <c>originate </c> prefix, no line end).</summary>
    internal void EmitArgument(ref EslPacketWriter writer)
    {
        // Measuring the packet around us: the unredacted length is known since Build.
        if (writer.IsMeasuring && !writer.Redacting)
        {
            writer.Skip(_argumentBytes);
            return;
        }

        Emit(ref writer);
    }

    /// <summary>
    /// Checks the argument as FreeSWITCH will see it, whole: the per-value checks already exclude these,
    /// and this makes sure no combination of values and EslKit's own text forms them.
    /// </summary>
    internal void CheckWholeText()
    {
        var buffer = new ArrayBufferWriter<byte>(_argumentBytes);
        WriteArgumentTo(buffer);
        string argument = Encoding.UTF8.GetString(buffer.WrittenSpan);
        var traits = EslText.Inspect(argument);
        if ((traits & EslTextTraits.UnloadOrReload) != 0 && (traits & EslTextTraits.ModEventSocket) != 0)
        {
            throw new EslValueRejectedException("originate", EslRejectionReason.ModuleReload);
        }

        // switch_ivr_originate looks for ":_:" in the dial string (the first argument) only.
        string dialString = argument[..argument.IndexOf(' ', StringComparison.Ordinal)];
        if (dialString.Contains(":_:", StringComparison.Ordinal))
        {
            throw new EslValueRejectedException("originate", EslRejectionReason.EnterpriseSeparator);
        }
    }

    private static void EmitBlock(ref EslPacketWriter writer, EslOriginateVariable[] variables, byte open, byte close)
    {
        if (variables.Length == 0)
        {
            return;
        }

        writer.Write(open);
        for (int i = 0; i < variables.Length; i++)
        {
            if (i > 0)
            {
                writer.Write((byte)',');
            }

            var variable = variables[i];
            writer.Text(variable.Name);
            writer.Write((byte)'=');
            writer.Secret(variable.Value, EslEscape.Block, variable.IsSecret);
        }

        writer.Write(close);
    }

    private void Emit(ref EslPacketWriter writer)
    {
        // FreeSWITCH reads <…> first, then {…}, then each leg's […]: in any other order a block is taken as
        // part of the endpoint.
        EmitBlock(ref writer, _placement.Enterprise, (byte)'<', (byte)'>');
        EmitBlock(ref writer, _placement.Global, (byte)'{', (byte)'}');
        for (int i = 0; i < _endpoints.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(_mode == EslLegMode.Sequential ? (byte)'|' : (byte)',');
            }

            EmitBlock(ref writer, _placement.Legs[i], (byte)'[', (byte)']');
            writer.Text(_endpoints[i].Text);
        }

        writer.Write((byte)' ');
        if (_application is not null)
        {
            writer.Write((byte)'&');
            writer.Text(_application);
            if (_arguments is not null)
            {
                // originate splits its arguments on spaces before it looks for the parentheses, so the
                // application's arguments are escaped to stay one argument (\s for a space).
                writer.Write((byte)'(');
                writer.Escaped(_arguments, EslEscape.Token);
                writer.Write((byte)')');
            }
        }
        else
        {
            writer.Text(_extension);
            if (_dialplan is not null)
            {
                writer.Write((byte)' ');
                writer.Text(_dialplan);
                if (_context is not null)
                {
                    writer.Write((byte)' ');
                    writer.Text(_context);
                }
            }
        }
    }

    private readonly struct ArgumentSource(EslOriginate originate) : IEslPacketSource
    {
        public void Emit(ref EslPacketWriter writer) => originate.EmitArgument(ref writer);
    }

    private readonly struct RenderSource(EslOriginate originate) : IEslPacketSource
    {
        public void Emit(ref EslPacketWriter writer)
        {
            writer.Write("originate "u8);
            originate.EmitArgument(ref writer);
        }
    }
}
