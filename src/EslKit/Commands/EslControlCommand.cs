using System.Buffers;

namespace EslKit.Commands;

/// <summary>
/// The one-line connection and session commands: <c>connect</c>, <c>resume</c>, <c>exit</c>,
/// <c>noevents</c>, <c>linger [seconds]</c>, <c>nolinger</c>, <c>log &lt;level&gt;</c>, <c>nolog</c>,
/// <c>divert_events on|off</c> and <c>getvar &lt;name&gt;</c>.
/// </summary>
public readonly struct EslControlCommand : IEslCommand, IEslPacketSource
{
    private readonly Kind _kind;
    private readonly int _number;
    private readonly string? _name;

    private EslControlCommand(Kind kind, int number = 0, string? name = null)
    {
        _kind = kind;
        _number = number;
        _name = name;
    }

    private enum Kind
    {
        None = 0,
        Connect,
        Resume,
        Exit,
        NoEvents,
        Linger,
        NoLinger,
        Log,
        NoLog,
        DivertEvents,
        GetVar,
    }

    /// <inheritdoc />
    public EslReplyKind ReplyKind => EslReplyKind.CommandReply;

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> writer) => EslPacket.Write(this, writer);

    /// <summary>The command as text, e.g. <c>linger 10</c>.</summary>
    public override string ToString() => _kind == Kind.None ? EslPacket.DefaultText : EslPacket.Render(this);

    internal static EslControlCommand Connect() => new(Kind.Connect);

    internal static EslControlCommand Resume() => new(Kind.Resume);

    internal static EslControlCommand Exit() => new(Kind.Exit);

    internal static EslControlCommand NoEvents() => new(Kind.NoEvents);

    internal static EslControlCommand NoLinger() => new(Kind.NoLinger);

    internal static EslControlCommand NoLog() => new(Kind.NoLog);

    internal static EslControlCommand DivertEvents(bool on) => new(Kind.DivertEvents, on ? 1 : 0);

    internal static EslControlCommand Linger(int? seconds)
    {
        if (seconds is < 1)
        {
            throw new EslValueRejectedException(nameof(seconds), EslRejectionReason.OutOfRange);
        }

        // 0 stands for "no seconds given": FreeSWITCH then lingers until the socket closes.
        return new(Kind.Linger, seconds ?? 0);
    }

    internal static EslControlCommand Log(EslLogLevel level) =>
        Enum.IsDefined(level) ? new(Kind.Log, (int)level) : throw new EslValueRejectedException(nameof(level), EslRejectionReason.OutOfRange);

    internal static EslControlCommand GetVar(string name)
    {
        EslValues.Name(name, nameof(name), EslValues.VariableNameExtra);
        var guard = default(EslHijackGuard);
        guard.Add(name, nameof(name));
        return new(Kind.GetVar, name: name);
    }

    void IEslPacketSource.Emit(ref EslPacketWriter writer)
    {
        switch (_kind)
        {
            case Kind.Connect:
                writer.Write("connect"u8);
                break;
            case Kind.Resume:
                writer.Write("resume"u8);
                break;
            case Kind.Exit:
                writer.Write("exit"u8);
                break;
            case Kind.NoEvents:
                writer.Write("noevents"u8);
                break;
            case Kind.Linger:
                writer.Write("linger"u8);
                if (_number > 0)
                {
                    writer.Write((byte)' ');
                    writer.Number(_number);
                }

                break;
            case Kind.NoLinger:
                writer.Write("nolinger"u8);
                break;
            case Kind.Log:
                writer.Write("log "u8);
                writer.Number(_number);
                break;
            case Kind.NoLog:
                writer.Write("nolog"u8);
                break;
            case Kind.DivertEvents:
                writer.Write(_number != 0 ? "divert_events on"u8 : "divert_events off"u8);
                break;
            case Kind.GetVar:
                writer.Write("getvar "u8);
                writer.Text(_name);
                break;
            default:
                EslPacket.EnsureCreated(false);
                break;
        }

        writer.Write("\n\n"u8);
    }
}
