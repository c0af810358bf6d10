using System.Buffers;
using EslKit.Protocol;

namespace EslKit.Tests.Support;

/// <summary>Builds the channel data of a captured connect reply, as a session does.</summary>
public sealed class EslChannelDataProbe(ParsedFrame connectReply)
{
    public EslChannelData Channel { get; } = Read(connectReply);

    private static EslChannelData Read(ParsedFrame frame)
    {
        byte[] bytes = System.Text.Encoding.Latin1.GetBytes(frame.HeaderBlock + "\n");
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(reader.TryReadFrame(ref buffer, out var parsed));
        return EslChannelData.From(parsed.ToMessage());
    }
}
