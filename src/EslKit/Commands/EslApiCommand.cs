using System.Buffers;

namespace EslKit.Commands;

/// <summary><c>api &lt;command&gt; [arguments]</c>: runs an API command and blocks the connection until it returns (prefer <see cref="EslBgApiCommand"/>).</summary>
public readonly struct EslApiCommand : IEslCommand, IEslPacketSource
{
    private readonly EslApiCall _call;

    internal EslApiCommand(EslApiCall call) => _call = call;

    /// <summary>The API call this command runs.</summary>
    public EslApiCall Call => _call;

    /// <inheritdoc />
    public EslReplyKind ReplyKind => EslReplyKind.ApiResponse;

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> writer) => EslPacket.Write(this, writer);

    /// <summary>The redacted rendering, e.g. <c>api uuid_kill …</c>.</summary>
    public override string ToString() => _call.IsCreated ? EslPacket.Render(this) : EslPacket.DefaultText;

    void IEslPacketSource.Emit(ref EslPacketWriter writer)
    {
        writer.Write("api "u8);
        _call.Emit(ref writer);
        writer.Write("\n\n"u8);
    }
}
