using System.Buffers;
using EslKit.Protocol;

namespace EslKit.Commands;

/// <summary>
/// <c>myevents [uuid] [plain|json|xml]</c>: the events of one channel (the socket's own on an outbound
/// connection). FreeSWITCH takes the uuid first. On an inbound connection FreeSWITCH 1.10/1.11 cut the format
/// word off before reading it, so <c>myevents &lt;uuid&gt; json</c> may stay plain: choose the format with
/// <c>event json …</c> first when it matters.
/// </summary>
public readonly struct EslMyEventsCommand : IEslCommand, IEslPacketSource
{
    private readonly Guid _uuid;
    private readonly bool _hasUuid;
    private readonly EslEventFormat _format;
    private readonly bool _hasFormat;

    internal EslMyEventsCommand(Guid? uuid, EslEventFormat? format)
    {
        if (format is { } f && !Enum.IsDefined(f))
        {
            throw new ArgumentOutOfRangeException(nameof(format));
        }

        _uuid = uuid.GetValueOrDefault();
        _hasUuid = uuid.HasValue;
        _format = format.GetValueOrDefault();
        _hasFormat = format.HasValue;
    }

    /// <inheritdoc />
    public EslReplyKind ReplyKind => EslReplyKind.CommandReply;

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> writer) => EslPacket.Write(this, writer);

    /// <summary>The command as text, e.g. <c>myevents</c>.</summary>
    public override string ToString() => EslPacket.Render(this);

    void IEslPacketSource.Emit(ref EslPacketWriter writer)
    {
        writer.Write("myevents"u8);
        if (_hasUuid)
        {
            writer.Write((byte)' ');
            writer.Uuid(_uuid);
        }

        if (_hasFormat)
        {
            writer.Write((byte)' ');
            writer.Write(EslCommandText.Format(_format));
        }

        writer.Write("\n\n"u8);
    }
}
