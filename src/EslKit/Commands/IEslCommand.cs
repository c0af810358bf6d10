using System.Buffers;

namespace EslKit.Commands;

/// <summary>
/// A command EslKit sends to FreeSWITCH, validated when it was created. Create them with
/// <see cref="EslCommands"/>; the implementations are readonly structs, so building and writing one
/// allocates nothing.
/// </summary>
/// <remarks><see cref="object.ToString"/> of every implementation returns the redacted rendering (passwords and
/// secret variables masked, bodies summarised): safe for logs, exception messages and traces.</remarks>
public interface IEslCommand
{
    /// <summary>What FreeSWITCH answers this command with.</summary>
    EslReplyKind ReplyKind { get; }

    /// <summary>
    /// Writes the complete packet: the command line, any headers, the blank line that ends the packet,
    /// and any body (whose length a <c>content-length</c> header gives).
    /// </summary>
    /// <param name="writer">Where the bytes go; the packet is written with one GetSpan/Advance.</param>
    void WriteTo(IBufferWriter<byte> writer);
}
