using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EslKit.AudioStream.Tests.Infrastructure;

/// <summary>WebSocket frames as mod_audio_stream writes them (client side: always masked), and its upgrade request.</summary>
internal static class ClientFrames
{
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;
    public const byte Pong = 0xA;

    /// <summary>The upgrade request in the module's exact shape (no space after the colons), for another path and key.</summary>
    public static byte[] UpgradeRequest(string path, string? key = null)
    {
        key ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        return Encoding.ASCII.GetBytes(
            $"GET {path} HTTP/1.1\r\nHost:127.0.0.1:8090\r\nUpgrade:websocket\r\nConnection:upgrade\r\nSec-WebSocket-Key:{key}\r\nSec-WebSocket-Version:13\r\nOrigin:http://127.0.0.1:8090\r\n\r\n");
    }

    public static byte[] Masked(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, uint mask = 0x11223344)
    {
        int header = payload.Length < 126 ? 2 : payload.Length <= ushort.MaxValue ? 4 : 10;
        var frame = new byte[header + 4 + payload.Length];
        frame[0] = (byte)((fin ? 0x80 : 0) | opcode);
        if (payload.Length < 126)
        {
            frame[1] = (byte)(0x80 | payload.Length);
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
        }
        else
        {
            frame[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
        }

        Span<byte> key = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(key, mask);
        key.CopyTo(frame.AsSpan(header));
        for (int i = 0; i < payload.Length; i++)
        {
            frame[header + 4 + i] = (byte)(payload[i] ^ key[i & 3]);
        }

        return frame;
    }

    public static byte[] MaskedText(string text) => Masked(Text, Encoding.UTF8.GetBytes(text));

    public static byte[] MaskedClose(ushort code, string reason = "")
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return Masked(Close, payload);
    }

    /// <summary>The Sec-WebSocket-Accept a server must answer for <paramref name="key"/> (RFC 6455 §4.2.2).</summary>
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the handshake
    public static string AcceptFor(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
}
