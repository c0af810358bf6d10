using System.Buffers;

namespace EslKit.Commands;

/// <summary>
/// <c>filter &lt;header&gt; &lt;value&gt;</c>, <c>filter delete &lt;header&gt; [value]</c> or <c>filter delete all</c>.
/// The value is the rest of the line, spaces included; FreeSWITCH matches it case-insensitively, or as a
/// regular expression when it starts with <c>/</c>.
/// </summary>
public readonly struct EslFilterCommand : IEslCommand, IEslPacketSource
{
    private readonly string? _header;
    private readonly string? _value;
    private readonly bool _delete;
    private readonly bool _created;

    internal EslFilterCommand(bool delete, string? header, string? value)
    {
        if (header is not null)
        {
            EslValues.Name(header, "header", EslValues.HeaderNameExtra);

            // "filter delete X" and "filter add X" are keywords; "filter delete all" clears everything.
            if (delete)
            {
                EslValues.NotReserved(header, "header", "all");
            }
            else
            {
                EslValues.NotReserved(header, "header", "delete", "add");
            }

            var guard = default(EslHijackGuard);
            guard.Add(header, "header");
            if (value is not null || !delete)
            {
                guard.Add(EslValues.Line(value, "value", trimmedByFreeSwitch: true, allowEmpty: false), "value");
            }
        }

        _delete = delete;
        _header = header;
        _value = value;
        _created = true;
    }

    /// <inheritdoc />
    public EslReplyKind ReplyKind => EslReplyKind.CommandReply;

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> writer) => EslPacket.Write(this, writer);

    /// <summary>The command as text, e.g. <c>filter Unique-ID …</c>.</summary>
    public override string ToString() => _created ? EslPacket.Render(this) : EslPacket.DefaultText;

    void IEslPacketSource.Emit(ref EslPacketWriter writer)
    {
        EslPacket.EnsureCreated(_created);
        writer.Write(_delete ? "filter delete "u8 : "filter "u8);
        if (_header is null)
        {
            writer.Write("all"u8);
        }
        else
        {
            writer.Text(_header);
            if (_value is not null)
            {
                writer.Write((byte)' ');
                writer.Text(_value);
            }
        }

        writer.Write("\n\n"u8);
    }
}
