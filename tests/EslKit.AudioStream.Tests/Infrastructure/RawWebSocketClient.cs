using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EslKit.AudioStream.Tests.Infrastructure;

/// <summary>
/// A TCP client that plays mod_audio_stream byte for byte: writes exact bytes (a capture's, or frames built
/// with <see cref="ClientFrames"/>) and reads the server's answer raw, so the test sees every byte the server sent.
/// </summary>
internal sealed class RawWebSocketClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly MemoryStream _received = new();
    private int _parsed;

    private RawWebSocketClient(Socket socket) => _socket = socket;

    /// <summary>Every byte received so far.</summary>
    public byte[] Received => _received.ToArray();

    public static async Task<RawWebSocketClient> ConnectAsync(int port, int? receiveBufferBytes = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes is int size)
        {
            socket.ReceiveBufferSize = size; // before connecting, so the window starts small
        }

        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new RawWebSocketClient(socket);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await _socket.SendAsync(bytes, SocketFlags.None);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Reads until the end of the HTTP response head and returns it (status line and headers).</summary>
    public async Task<string> ReadResponseHeadAsync()
    {
        while (true)
        {
            int end = IndexOf(_received.GetBuffer().AsSpan(0, (int)_received.Length), "\r\n\r\n"u8);
            if (end >= 0)
            {
                _parsed = end + 4;
                return Encoding.ASCII.GetString(_received.GetBuffer(), 0, _parsed);
            }

            if (!await ReceiveMoreAsync())
            {
                throw new EndOfStreamException("The server closed before its response head ended.");
            }
        }
    }

    /// <summary>Reads the server's next frame (servers never mask).</summary>
    public async Task<ServerFrame> ReadFrameAsync()
    {
        while (true)
        {
            if (TryParseFrame(out var frame))
            {
                return frame;
            }

            if (!await ReceiveMoreAsync())
            {
                throw new EndOfStreamException("The server closed in the middle of a frame, or before one.");
            }
        }
    }

    /// <summary>Reads until the server closes the connection; true when it closed cleanly (FIN), false on a reset.</summary>
    public async Task<bool> ReadToEndAsync()
    {
        try
        {
            while (await ReceiveMoreAsync())
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Drops the connection with a TCP reset, as a killed process or a crashed module would.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> ReceiveMoreAsync()
    {
        var buffer = new byte[64 * 1024];
        int read = await _socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Wait.Limit);
        if (read == 0)
        {
            return false;
        }

        _received.Write(buffer, 0, read);
        return true;
    }

    private bool TryParseFrame(out ServerFrame frame)
    {
        frame = default;
        var data = _received.GetBuffer().AsSpan(_parsed, (int)_received.Length - _parsed);
        if (data.Length < 2)
        {
            return false;
        }

        bool masked = (data[1] & 0x80) != 0;
        long length = data[1] & 0x7F;
        int header = 2;
        if (length == 126)
        {
            if (data.Length < 4)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            header = 4;
        }
        else if (length == 127)
        {
            if (data.Length < 10)
            {
                return false;
            }

            length = (long)BinaryPrimitives.ReadUInt64BigEndian(data[2..]);
            header = 10;
        }

        if (data.Length < header + length)
        {
            return false;
        }

        frame = new ServerFrame(data[0], masked, data.Slice(header, (int)length).ToArray(), data[..(header + (int)length)].ToArray());
        _parsed += header + (int)length;
        return true;
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}

/// <summary>A frame as the server sent it.</summary>
internal readonly record struct ServerFrame(byte First, bool Masked, byte[] Payload, byte[] Raw)
{
    public int Opcode => First & 0x0F;

    public bool Fin => (First & 0x80) != 0;

    public string Text => Encoding.UTF8.GetString(Payload);

    public int CloseCode => BinaryPrimitives.ReadUInt16BigEndian(Payload);

    public string CloseReason => Encoding.UTF8.GetString(Payload.AsSpan(2));
}
