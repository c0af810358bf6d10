namespace EslKit.Commands;

/// <summary>A command that can describe its packet to an <see cref="EslPacketWriter"/>.</summary>
internal interface IEslPacketSource
{
    /// <summary>Describes the whole packet: command line, headers, blank line, body.</summary>
    void Emit(ref EslPacketWriter writer);
}
