using System.Buffers;

namespace EslKit.Commands;

/// <summary>
/// A command EslKit can send. Implementations write their complete packet (command line, any headers,
/// any body, the terminating blank line) and render themselves for logs with secrets masked.
/// </summary>
public interface IEslCommand
{
    /// <summary>The kind of frame FreeSWITCH answers this command with.</summary>
    EslReplyKind ReplyKind { get; }

    /// <summary>Writes the complete packet.</summary>
    void WriteTo(IBufferWriter<byte> writer);
}
