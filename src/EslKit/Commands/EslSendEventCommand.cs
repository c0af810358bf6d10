using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using EslKit.Protocol;

namespace EslKit.Commands;

/// <summary>
/// <c>sendevent &lt;NAME&gt;</c> with headers and an optional body (given a <c>content-length</c>). FreeSWITCH
/// fires the event (or queues it to the session a <c>unique-id</c> header names) and answers
/// <c>+OK &lt;Event-UUID&gt;</c>. Header values are taken literally; the body may span lines.
/// </summary>
public readonly struct EslSendEventCommand : IEslCommand, IEslPacketSource
{
    private readonly ImmutableArray<KeyValuePair<string, string>> _headers;
    private readonly string? _subclass;
    private readonly string? _body;
    private readonly int _bodyBytes;
    private readonly EslEventName _name;

    internal EslSendEventCommand(EslEventName name, string? subclass, ImmutableArray<KeyValuePair<string, string>> headers, string? body)
    {
        if (name is EslEventName.Unknown or EslEventName.All || !Enum.IsDefined(name))
        {
            throw new EslValueRejectedException(nameof(name), EslRejectionReason.InvalidFormat);
        }

        headers = headers.IsDefault ? [] : headers;
        var guard = default(EslHijackGuard);
        if (subclass is not null)
        {
            EslValues.Name(subclass, nameof(subclass), EslValues.SubclassExtra);
            guard.Add(subclass, nameof(subclass));
        }

        for (int i = 0; i < headers.Length; i++)
        {
            var (headerName, value) = headers[i];
            string nameField = $"headers[{i}]";
            EslValues.Name(headerName, nameField, EslValues.HeaderNameExtra);

            // We write content-length (and Event-Subclass for a custom event) ourselves; a second one would win or confuse.
            if (headerName.Equals("content-length", StringComparison.OrdinalIgnoreCase)
                || (subclass is not null && headerName.Equals("Event-Subclass", StringComparison.OrdinalIgnoreCase)))
            {
                throw new EslValueRejectedException(nameField, EslRejectionReason.Reserved);
            }

            guard.Add(headerName, nameField);

            // mod_event_socket skips the spaces after the colon, so a leading blank would be lost.
            string valueField = $"headers.{headerName}";
            guard.Add(EslValues.Line(value, valueField, trimmedByFreeSwitch: true), valueField);
        }

        if (body is not null)
        {
            guard.Add(EslValues.Body(body, nameof(body)), nameof(body));
        }

        _name = name;
        _subclass = subclass;
        _headers = headers;
        _body = string.IsNullOrEmpty(body) ? null : body;
        _bodyBytes = _body is null ? 0 : Encoding.UTF8.GetByteCount(_body);
    }

    /// <inheritdoc />
    public EslReplyKind ReplyKind => EslReplyKind.CommandReply;

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> writer) => EslPacket.Write(this, writer);

    /// <summary>The header lines as text with the body summarised by its size.</summary>
    public override string ToString() => _headers.IsDefault ? EslPacket.DefaultText : EslPacket.Render(this);

    void IEslPacketSource.Emit(ref EslPacketWriter writer)
    {
        EslPacket.EnsureCreated(!_headers.IsDefault);
        writer.Write("sendevent "u8);
        writer.Text(EslEventNames.GetName(_name));
        writer.Write((byte)'\n');
        if (_subclass is not null)
        {
            writer.Write("Event-Subclass: "u8);
            writer.Text(_subclass);
            writer.Write((byte)'\n');
        }

        foreach (var (name, value) in _headers)
        {
            writer.Text(name);
            writer.Write(": "u8);
            writer.Secret(value, EslEscape.None, EslKit.Diagnostics.EslRedaction.IsAlwaysSecret(name));
            writer.Write((byte)'\n');
        }

        if (_body is not null)
        {
            writer.Write("content-length: "u8);
            writer.Number(_bodyBytes);
            writer.Write("\n\n"u8);
            writer.Body(_body, _bodyBytes);
        }
        else
        {
            writer.Write((byte)'\n');
        }
    }
}
