using System.Buffers;
using System.Collections.Immutable;
using EslKit.Protocol;

namespace EslKit.Commands;

/// <summary>
/// <c>event &lt;plain|json|xml&gt; &lt;names…&gt; [CUSTOM &lt;subclasses…&gt;]</c> or <c>nixevent &lt;names…&gt; [CUSTOM &lt;subclasses…&gt;]</c>.
/// FreeSWITCH takes every word after <c>CUSTOM</c> as a subclass, so <c>CUSTOM</c> and its subclasses are
/// always written last, whatever order the names were given in.
/// </summary>
public readonly struct EslEventCommand : IEslCommand, IEslPacketSource
{
    private readonly ImmutableArray<EslEventName> _names;
    private readonly ImmutableArray<string> _subclasses;
    private readonly EslEventFormat _format;
    private readonly bool _nix;
    private readonly bool _custom;

    internal EslEventCommand(bool nix, EslEventFormat format, ImmutableArray<EslEventName> names, ImmutableArray<string> subclasses)
    {
        if (!nix && !Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format));
        }

        names = names.IsDefault ? [] : names;
        subclasses = subclasses.IsDefault ? [] : subclasses;
        bool custom = subclasses.Length > 0;
        foreach (var name in names)
        {
            if (name == EslEventName.Unknown || !Enum.IsDefined(name))
            {
                throw new EslValueRejectedException("names", EslRejectionReason.InvalidFormat);
            }

            custom |= name == EslEventName.Custom;
        }

        for (int i = 0; i < subclasses.Length; i++)
        {
            EslValues.Name(subclasses[i], $"customSubclasses[{i}]", EslValues.SubclassExtra);
        }

        if (names.IsEmpty && subclasses.IsEmpty)
        {
            throw new EslValueRejectedException("names", EslRejectionReason.Empty);
        }

        _nix = nix;
        _format = format;
        _names = names;
        _subclasses = subclasses;
        _custom = custom;
    }

    /// <inheritdoc />
    public EslReplyKind ReplyKind => EslReplyKind.CommandReply;

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> writer) => EslPacket.Write(this, writer);

    /// <summary>The command as text, e.g. <c>event plain CHANNEL_ANSWER</c>.</summary>
    public override string ToString() => _names.IsDefault ? EslPacket.DefaultText : EslPacket.Render(this);

    void IEslPacketSource.Emit(ref EslPacketWriter writer)
    {
        EslPacket.EnsureCreated(!_names.IsDefault);
        if (_nix)
        {
            writer.Write("nixevent"u8);
        }
        else
        {
            writer.Write("event "u8);
            writer.Write(EslCommandText.Format(_format));
        }

        foreach (var name in _names)
        {
            if (name != EslEventName.Custom)
            {
                writer.Write((byte)' ');
                writer.Text(EslEventNames.GetName(name));
            }
        }

        if (_custom)
        {
            writer.Write(" CUSTOM"u8);
            foreach (string subclass in _subclasses)
            {
                writer.Write((byte)' ');
                writer.Text(subclass);
            }
        }

        writer.Write("\n\n"u8);
    }
}
