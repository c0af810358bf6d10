using System.Buffers;
using System.Text;
using EslKit.Commands;

namespace EslKit.Inbound;

/// <summary>
/// A plain command line for the client's own commands. Values are checked for line breaks and NUL so
/// nothing can end the command early or start another one.
/// </summary>
internal readonly struct ClientCommand : IEslCommand
{
    private readonly string _line;
    private readonly string? _display;
    private readonly KeyValuePair<string, string>[]? _headers;

    public ClientCommand(string line, EslReplyKind replyKind = EslReplyKind.CommandReply, string? display = null, params KeyValuePair<string, string>[] headers)
    {
        Check(line, "command");
        foreach (var (name, value) in headers)
        {
            Check(name, "header name");
            Check(value, name);
        }

        _line = line;
        ReplyKind = replyKind;
        _display = display;
        _headers = headers;
    }

    public EslReplyKind ReplyKind { get; }

    public void WriteTo(IBufferWriter<byte> writer)
    {
        Write(writer, _line);
        writer.Write("\n"u8);
        foreach (var (name, value) in _headers ?? [])
        {
            Write(writer, name);
            writer.Write(": "u8);
            Write(writer, value);
            writer.Write("\n"u8);
        }

        writer.Write("\n"u8);
    }

    public override string ToString() => _display ?? _line;

    private static void Write(IBufferWriter<byte> writer, string text)
    {
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        writer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void Check(string value, string field)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException($"The {field} contains a line break or NUL, which would end the command early.", field);
        }
    }
}
