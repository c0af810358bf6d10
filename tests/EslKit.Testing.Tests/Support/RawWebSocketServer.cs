using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace EslKit.Testing.Tests.Support;

/// <summary>One frame a <see cref="RawWebSocketServer"/> received, as it came (fin, opcode, masked) with its payload unmasked.</summary>
public sealed record ReceivedFrame(bool Fin, int Opcode, bool Masked, byte[] Payload, DateTimeOffset At)
{
    public bool IsText => Opcode == 1;

    public bool IsBinary => Opcode == 2;

    public bool IsClose => Opcode == 8;

    public string Text => Encoding.UTF8.GetString(Payload);

    public int CloseCode => Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : 0;

    public string CloseReason => Payload.Length > 2 ? Encoding.UTF8.GetString(Payload, 2, Payload.Length - 2) : string.Empty;
}

/// <summary>
/// A small RFC 6455 server on 127.0.0.1 for the emulated mod_audio_stream to connect to, seeing what a real server sees:
/// the upgrade request as sent, every frame with its mask bit. Accepts one connection at a time per <see cref="AcceptAsync"/>.
/// </summary>
public sealed class RawWebSocketServer : IDisposable
{
    private readonly Socket _listener;

    public RawWebSocketServer()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public string Url(string path) => $"ws://127.0.0.1:{EndPoint.Port}{path}";

    /// <summary>Accepts the next connection and completes its upgrade (101).</summary>
    public async Task<Connection> AcceptAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var socket = await _listener.AcceptAsync(cancel.Token);
        socket.NoDelay = true;
        var connection = new Connection(socket);
        await connection.HandshakeAsync(cancel.Token);
        return connection;
    }

    public void Dispose() => _listener.Dispose();

    public sealed class Connection : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly NetworkStream _stream;
        private readonly Channel<ReceivedFrame> _frames = Channel.CreateUnbounded<ReceivedFrame>();
        private readonly List<ReceivedFrame> _all = [];
        private readonly SemaphoreSlim _write = new(1, 1);
        private Task _reading = Task.CompletedTask;
        private volatile bool _closeSent;

        internal Connection(Socket socket)
        {
            _socket = socket;
            _stream = new NetworkStream(socket, ownsSocket: true);
        }

        /// <summary>The upgrade request exactly as received (request line and headers, CRLF, ending with the blank line).</summary>
        public string Request { get; private set; } = string.Empty;

        public string RequestLine => Request.Split("\r\n")[0];

        /// <summary>The request's headers by name (ignoring case).</summary>
        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Every frame received so far.</summary>
        public IReadOnlyList<ReceivedFrame> Frames
        {
            get
            {
                lock (_all)
                {
                    return [.. _all];
                }
            }
        }

        /// <summary>True once the client closed the TCP connection.</summary>
        public bool IsEof { get; private set; }

        internal async Task HandshakeAsync(CancellationToken cancellationToken)
        {
            var request = new MemoryStream();
            var one = new byte[1];
            while (!request.ToArray().AsSpan().EndsWith("\r\n\r\n"u8))
            {
                if (await _stream.ReadAsync(one, cancellationToken) == 0)
                {
                    throw new IOException("The client closed during the upgrade.");
                }

                request.WriteByte(one[0]);
            }

            Request = Encoding.ASCII.GetString(request.ToArray());
            foreach (string line in Request.Split("\r\n").Skip(1).Where(l => l.Length > 0))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                Headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

#pragma warning disable CA5350 // RFC 6455 defines the accept key with SHA-1; it is not used for security here
            string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(Headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
            await _stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), cancellationToken);
            _reading = Task.Run(ReadLoopAsync, CancellationToken.None);
        }

        /// <summary>The next frame received (control frames included).</summary>
        public async Task<ReceivedFrame> ReadAsync(TimeSpan? timeout = null)
        {
            using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
            return await _frames.Reader.ReadAsync(cancel.Token);
        }

        /// <summary>Frames until one matches (returned last), within <paramref name="timeout"/> in all: a stream that keeps
        /// sending frames that never match fails the test instead of hanging it.</summary>
        public async Task<List<ReceivedFrame>> ReadUntilAsync(Func<ReceivedFrame, bool> stop, TimeSpan? timeout = null)
        {
            var frames = new List<ReceivedFrame>();
            using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
            while (true)
            {
                var frame = await _frames.Reader.ReadAsync(cancel.Token);
                frames.Add(frame);
                if (stop(frame))
                {
                    return frames;
                }
            }
        }

        public Task SendTextAsync(string text) => SendFrameAsync(1, Encoding.UTF8.GetBytes(text));

        /// <summary>A close frame with <paramref name="code"/> and <paramref name="reason"/> (the server starts the closing handshake).</summary>
        public Task SendCloseAsync(int code, string reason)
        {
            _closeSent = true;
            var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
            BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
            Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
            return SendFrameAsync(8, payload);
        }

        /// <summary>Cuts the TCP connection without a close frame.</summary>
        public void Drop()
        {
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }

        public async ValueTask DisposeAsync()
        {
            _socket.Dispose();
            await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _stream.DisposeAsync();
        }

        private async Task SendFrameAsync(int opcode, byte[] payload)
        {
            var header = new List<byte> { (byte)(0x80 | opcode) };
            if (payload.Length < 126)
            {
                header.Add((byte)payload.Length);
            }
            else if (payload.Length <= ushort.MaxValue)
            {
                header.Add(126);
                header.Add((byte)(payload.Length >> 8));
                header.Add((byte)payload.Length);
            }
            else
            {
                header.Add(127);
                var length = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
                header.AddRange(length);
            }

            await _write.WaitAsync();
            try
            {
                await _stream.WriteAsync(header.ToArray());
                await _stream.WriteAsync(payload);
            }
            finally
            {
                _write.Release();
            }
        }

        private async Task ReadLoopAsync()
        {
            try
            {
                while (true)
                {
                    var head = await ReadExactlyAsync(2);
                    bool fin = (head[0] & 0x80) != 0;
                    int opcode = head[0] & 0x0F;
                    bool masked = (head[1] & 0x80) != 0;
                    long length = head[1] & 0x7F;
                    if (length == 126)
                    {
                        length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2));
                    }
                    else if (length == 127)
                    {
                        length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(8));
                    }

                    byte[] mask = masked ? await ReadExactlyAsync(4) : [0, 0, 0, 0];
                    byte[] payload = await ReadExactlyAsync((int)length);
                    for (int i = 0; i < payload.Length; i++)
                    {
                        payload[i] ^= mask[i % 4];
                    }

                    var frame = new ReceivedFrame(fin, opcode, masked, payload, DateTimeOffset.UtcNow);
                    lock (_all)
                    {
                        _all.Add(frame);
                    }

                    await _frames.Writer.WriteAsync(frame);
                    if (opcode == 8)
                    {
                        // Answer a close the client started (or it is the echo of ours): the handshake is over.
                        if (frame.Payload.Length >= 2 && !_closeSent)
                        {
                            _closeSent = true;
                            await SendFrameAsync(8, frame.Payload[..2]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                IsEof = true;
                _frames.Writer.TryComplete();
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count)
        {
            var buffer = new byte[count];
            await _stream.ReadExactlyAsync(buffer);
            return buffer;
        }
    }
}
