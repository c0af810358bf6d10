using System.Buffers;

namespace EslKit.Commands;

/// <summary><c>auth &lt;password&gt;</c> or <c>userauth &lt;user&gt;@&lt;domain&gt;:&lt;password&gt;</c>. The password never appears in <see cref="ToString"/>.</summary>
public readonly struct EslAuthCommand : IEslCommand, IEslPacketSource
{
    private readonly string? _user;
    private readonly string? _domain;
    private readonly string _password;

    internal EslAuthCommand(string? user, string? domain, string password)
    {
        _user = user;
        _domain = domain;
        _password = password;
    }

    /// <inheritdoc />
    public EslReplyKind ReplyKind => EslReplyKind.CommandReply;

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> writer) => EslPacket.Write(this, writer);

    /// <summary>The redacted rendering, e.g. <c>auth ***</c>.</summary>
    public override string ToString() => _password is null ? EslPacket.DefaultText : EslPacket.Render(this);

    void IEslPacketSource.Emit(ref EslPacketWriter writer)
    {
        EslPacket.EnsureCreated(_password);
        if (_user is null)
        {
            writer.Write("auth "u8);
        }
        else
        {
            writer.Write("userauth "u8);
            writer.Text(_user);
            writer.Write((byte)'@');
            writer.Text(_domain);
            writer.Write((byte)':');
        }

        writer.Secret(_password, EslEscape.None, isSecret: true);
        writer.Write("\n\n"u8);
    }
}
