using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EslKit.Commands;

/// <summary>
/// <c>sendmsg [uuid]</c>: a message to a channel (the socket's own channel when no uuid is given) —
/// <c>execute</c> an application, <c>hangup</c>, <c>unicast</c> or <c>nomedia</c>. Header values are taken
/// literally by FreeSWITCH; an application argument with a line break or a leading blank is sent as the
/// body (<c>content-type: text/plain</c>), which FreeSWITCH uses when there is no <c>execute-app-arg</c>.
/// </summary>
public readonly struct EslSendMsgCommand : IEslCommand, IEslPacketSource
{
    private readonly Kind _kind;
    private readonly bool _hasTarget;
    private readonly Guid _target;
    private readonly string? _text1;
    private readonly string? _text2;
    private readonly int _number1;
    private readonly int _number2;
    private readonly Guid _uuid;
    private readonly EslExecuteOptions _options;
    private readonly bool _argumentInBody;
    private readonly bool _native;
    private readonly bool _tcp;

    private EslSendMsgCommand(
        Kind kind,
        Guid? target,
        string? text1 = null,
        string? text2 = null,
        int number1 = 0,
        int number2 = 0,
        Guid uuid = default,
        EslExecuteOptions options = default,
        bool argumentInBody = false,
        bool native = false,
        bool tcp = false)
    {
        _kind = kind;
        _hasTarget = target.HasValue;
        _target = target.GetValueOrDefault();
        _text1 = text1;
        _text2 = text2;
        _number1 = number1;
        _number2 = number2;
        _uuid = uuid;
        _options = options;
        _argumentInBody = argumentInBody;
        _native = native;
        _tcp = tcp;
    }

    private enum Kind
    {
        None = 0,
        Execute,
        Hangup,
        Unicast,
        NoMedia,
    }

    /// <inheritdoc />
    public EslReplyKind ReplyKind => EslReplyKind.CommandReply;

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> writer) => EslPacket.Write(this, writer);

    /// <summary>The header lines as text; a body is summarised by its size, a secret argument masked.</summary>
    public override string ToString() => _kind == Kind.None ? EslPacket.DefaultText : EslPacket.Render(this);

    internal static EslSendMsgCommand Execute(Guid? target, string application, string? argument, EslExecuteOptions options)
    {
        EslValues.Name(application, nameof(application), EslValues.CommandNameExtra);
        if (options.Loops < -1)
        {
            throw new EslValueRejectedException("options.Loops", EslRejectionReason.OutOfRange);
        }

        var guard = default(EslHijackGuard);
        guard.Add(application, nameof(application));
        bool inBody = false;
        if (string.IsNullOrEmpty(argument))
        {
            argument = null;
        }
        else
        {
            var traits = EslValues.Body(argument, nameof(argument)); // it may travel as the body
            guard.Add(traits, nameof(argument));

            // A header ends at the line break and loses the blanks after its colon; the body keeps both.
            inBody = options.ArgumentInBody
                || (traits & (EslTextTraits.CarriageReturn | EslTextTraits.LineFeed | EslTextTraits.LeadingWhitespace)) != 0;
        }

        int bodyBytes = inBody ? Encoding.UTF8.GetByteCount(argument!) : 0;
        return new(Kind.Execute, target, application, argument, number1: bodyBytes, options: options, argumentInBody: inBody);
    }

    internal static EslSendMsgCommand Hangup(Guid? target, string cause)
    {
        EslValues.Name(cause, nameof(cause), EslValues.CommandNameExtra);
        return new(Kind.Hangup, target, cause);
    }

    internal static EslSendMsgCommand Unicast(Guid? target, string localIp, int localPort, string remoteIp, int remotePort, EslUnicastTransport transport, bool native)
    {
        CheckAddress(localIp, nameof(localIp));
        CheckAddress(remoteIp, nameof(remoteIp));
        EslValues.Port(localPort, nameof(localPort));
        EslValues.Port(remotePort, nameof(remotePort));
        if (!Enum.IsDefined(transport))
        {
            throw new EslValueRejectedException(nameof(transport), EslRejectionReason.OutOfRange);
        }

        return new(Kind.Unicast, target, localIp, remoteIp, localPort, remotePort, native: native, tcp: transport == EslUnicastTransport.Tcp);
    }

    internal static EslSendMsgCommand NoMedia(Guid? target, Guid nomediaUuid) => new(Kind.NoMedia, target, uuid: nomediaUuid);

    void IEslPacketSource.Emit(ref EslPacketWriter writer)
    {
        EslPacket.EnsureCreated(_kind != Kind.None);
        writer.Write("sendmsg"u8);
        if (_hasTarget)
        {
            writer.Write((byte)' ');
            writer.Uuid(_target);
        }

        switch (_kind)
        {
            case Kind.Execute:
                EmitExecute(ref writer);
                return;
            case Kind.Hangup:
                writer.Write("\ncall-command: hangup\nhangup-cause: "u8);
                writer.Text(_text1);
                break;
            case Kind.Unicast:
                writer.Write("\ncall-command: unicast\nlocal-ip: "u8);
                writer.Text(_text1);
                writer.Write("\nlocal-port: "u8);
                writer.Number(_number1);
                writer.Write("\nremote-ip: "u8);
                writer.Text(_text2);
                writer.Write("\nremote-port: "u8);
                writer.Number(_number2);
                writer.Write(_tcp ? "\ntransport: tcp"u8 : "\ntransport: udp"u8);
                if (_native)
                {
                    writer.Write("\nflags: native"u8);
                }

                break;
            case Kind.NoMedia:
                writer.Write("\ncall-command: nomedia\nnomedia-uuid: "u8);
                writer.Uuid(_uuid);
                break;
        }

        writer.Write("\n\n"u8);
    }

    private void EmitExecute(ref EslPacketWriter writer)
    {
        writer.Write("\ncall-command: execute\nexecute-app-name: "u8);
        writer.Text(_text1);
        if (_text2 is not null && !_argumentInBody)
        {
            writer.Write("\nexecute-app-arg: "u8);
            if (writer.Redacting && !_options.SecretArgument)
            {
                // e.g. "set sip_auth_password=…": mask what is always secret even when not marked.
                writer.Text(EslKit.Diagnostics.EslRedaction.RedactVariables(_text2));
            }
            else
            {
                writer.Secret(_text2, EslEscape.None, _options.SecretArgument);
            }
        }

        if (_options.Loops != 0)
        {
            writer.Write("\nloops: "u8);
            writer.Number(_options.Loops);
        }

        if (_options.EventLock)
        {
            writer.Write("\nevent-lock: true"u8);
        }

        if (_options.Async)
        {
            writer.Write("\nasync: true"u8);
        }

        if (_options.EventUuid is { } eventUuid)
        {
            writer.Write("\nEvent-UUID: "u8);
            writer.Uuid(eventUuid);
        }

        if (_text2 is not null && _argumentInBody)
        {
            writer.Write("\ncontent-type: text/plain\ncontent-length: "u8);
            writer.Number(_number1);
            writer.Write("\n\n"u8);
            if (_options.SecretArgument && writer.Redacting)
            {
                writer.Write(EslPacketWriter.MaskUtf8);
            }
            else
            {
                writer.Body(_text2, _number1);
            }

            return;
        }

        writer.Write("\n\n"u8);
    }

    private static void CheckAddress(string? address, string field)
    {
        EslValues.NotNull(address, field);
        if (!IPAddress.TryParse(address, out var parsed)
            || parsed.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || address!.AsSpan().ContainsAny(" %\t"))
        {
            throw new EslValueRejectedException(field, EslRejectionReason.InvalidFormat);
        }
    }
}
