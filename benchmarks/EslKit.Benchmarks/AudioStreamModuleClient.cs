using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EslKit.Benchmarks;

/// <summary>
/// One stream as mod_audio_stream sends it: a raw socket, the module's upgrade request, a masked metadata
/// frame, then masked binary frames prepared once (so the client allocates nothing per frame).
/// </summary>
internal sealed class AudioStreamModuleClient : IDisposable
{
    private readonly Socket _socket;

    private AudioStreamModuleClient(Socket socket) => _socket = socket;

    public static async Task<AudioStreamModuleClient> ConnectAsync(int port, string path)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        await SendAllAsync(socket, Encoding.ASCII.GetBytes(
            $"GET {path} HTTP/1.1\r\nHost:127.0.0.1:8090\r\nUpgrade:websocket\r\nConnection:upgrade\r\nSec-WebSocket-Key:{key}\r\nSec-WebSocket-Version:13\r\nOrigin:http://127.0.0.1:8090\r\n\r\n"));
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await socket.ReceiveAsync(one) == 0)
            {
                throw new IOException("The server closed during the handshake.");
            }

            head.Add(one[0]);
        }

        if (!Encoding.ASCII.GetString(head.ToArray()).StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new IOException("The upgrade was refused: " + Encoding.ASCII.GetString(head.ToArray()));
        }

        var client = new AudioStreamModuleClient(socket);
        await SendAllAsync(socket, Masked(0x1, Encoding.UTF8.GetBytes($"{{\"callId\":\"{path}\"}}")));
        return client;
    }

    /// <summary><paramref name="count"/> masked binary frames of <paramref name="payload"/>, back to back.</summary>
    public static byte[] Frames(ReadOnlySpan<byte> payload, int count)
    {
        var one = Masked(0x2, payload);
        var all = new byte[one.Length * count];
        for (int i = 0; i < count; i++)
        {
            one.CopyTo(all, i * one.Length);
        }

        return all;
    }

    /// <summary>20 ms of a 440 Hz tone at 16 kHz, as the lab's carrier plays.</summary>
    public static byte[] Tone640()
    {
        var payload = new byte[640];
        for (int i = 0; i < 320; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(payload.AsSpan(2 * i), (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 16000.0)));
        }

        return payload;
    }

    /// <summary>Writes bytes synchronously (no allocation; loopback buffers absorb a burst).</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[_socket.Send(bytes)..];
        }
    }

    /// <summary>Closes as the module's <c>stop</c> does: a close frame, then the socket.</summary>
    public void Close()
    {
        try
        {
            var payload = new byte[2 + 14];
            BinaryPrimitives.WriteUInt16BigEndian(payload, 1000);
            Encoding.ASCII.GetBytes("Normal closure", payload.AsSpan(2));
            Send(Masked(0x8, payload));
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already gone.
        }
    }

    public void Dispose() => _socket.Dispose();

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await socket.SendAsync(bytes)..];
        }
    }

    private static byte[] Masked(byte opcode, ReadOnlySpan<byte> payload)
    {
        int header = payload.Length < 126 ? 2 : 4;
        var frame = new byte[header + 4 + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        if (payload.Length < 126)
        {
            frame[1] = (byte)(0x80 | payload.Length);
        }
        else
        {
            frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
        }

        ReadOnlySpan<byte> mask = [0x5A, 0xC3, 0x17, 0x9E];
        mask.CopyTo(frame.AsSpan(header));
        for (int i = 0; i < payload.Length; i++)
        {
            frame[header + 4 + i] = (byte)(payload[i] ^ mask[i & 3]);
        }

        return frame;
    }
}
