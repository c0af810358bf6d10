using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EslKit.Protocol;

namespace EslKit.Testing.Tests.Support;

/// <summary>A bare loopback ESL client: sends bytes, and reads bytes or frames (parsed with EslKit's reader).</summary>
public sealed class RawClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly MemoryStream _received = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private long _framePosition;
    private bool _eof;

    private RawClient(Socket socket) => _socket = socket;

    /// <summary>Every byte received so far.</summary>
    public byte[] Received => _received.ToArray();

    public long ReceivedCount => _received.Length;

    public bool IsEof => _eof;

    public Socket Socket => _socket;

    /// <summary>The exact bytes of the frame <see cref="ReadFrameAsync"/> returned last.</summary>
    public byte[] LastFrameBytes { get; private set; } = [];

    public static async Task<RawClient> ConnectAsync(IPEndPoint endPoint, int? receiveBufferSize = null)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        await socket.ConnectAsync(endPoint);
        return new RawClient(socket);
    }

    /// <summary>Connects, reads auth/request and authenticates; throws unless accepted.</summary>
    public static async Task<RawClient> ConnectAuthenticatedAsync(EslSwitchEmulator emulator)
    {
        var client = await ConnectAsync(emulator.EndPoint);
        var banner = await client.ReadFrameAsync();
        Assert.Equal(EslContentType.AuthRequest, banner.ContentType);
        var reply = await client.CommandAsync("auth " + emulator.Password);
        Assert.Equal("+OK accepted", reply.ReplyText);
        return client;
    }

    /// <summary>Wraps a socket that is already connected (e.g. one an outbound call connected to a test's listener).</summary>
    public static RawClient FromSocket(Socket socket)
    {
        socket.NoDelay = true;
        return new RawClient(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
        }
    }

    /// <summary>Sends a command (the blank line is added) and returns the next frame.</summary>
    public async Task<EslMessage> CommandAsync(string command)
    {
        await SendAsync(command + "\n\n");
        return await ReadFrameAsync();
    }

    /// <summary>Sends a command and returns its command/reply, skipping any events that come first (a channel with myevents on).</summary>
    public async Task<EslMessage> ReplyAsync(string command)
    {
        await SendAsync(command + "\n\n");
        return (await ReadFramesUntilAsync(f => f.ContentType == EslContentType.CommandReply))[^1];
    }

    /// <summary>Reads until <paramref name="total"/> bytes have been received in all.</summary>
    public async Task ReadUntilCountAsync(long total, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (_received.Length < total)
        {
            if (!await ReceiveOnceAsync(cancel.Token))
            {
                throw new IOException($"The connection closed after {_received.Length} of {total} bytes.");
            }
        }
    }

    /// <summary>Reads until the emulator closes the connection (EOF or reset).</summary>
    public async Task ReadToEndAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (await ReceiveOnceAsync(cancel.Token))
        {
        }
    }

    /// <summary>True when nothing arrives for <paramref name="quiet"/> (and the connection is still open).</summary>
    public async Task<bool> IsQuietAsync(TimeSpan quiet)
    {
        long before = _received.Length;
        using var cancel = new CancellationTokenSource(quiet);
        try
        {
            await ReceiveOnceAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return true;
        }

        return _received.Length == before && !_eof;
    }

    /// <summary>The next whole frame after the ones already returned.</summary>
    public async Task<EslMessage> ReadFrameAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            if (TryParseFrame(out var message))
            {
                return message!;
            }

            if (!await ReceiveOnceAsync(cancel.Token))
            {
                throw new IOException("The connection closed before a whole frame arrived.");
            }
        }
    }

    /// <summary>Frames until one matches; the skipped ones are returned too.</summary>
    public async Task<List<EslMessage>> ReadFramesUntilAsync(Func<EslMessage, bool> stop, TimeSpan? timeout = null)
    {
        var frames = new List<EslMessage>();
        while (true)
        {
            var frame = await ReadFrameAsync(timeout);
            frames.Add(frame);
            if (stop(frame))
            {
                return frames;
            }
        }
    }

    /// <summary>The raw bytes received after the frames already returned, and marks them consumed.</summary>
    public byte[] TakeUnparsed()
    {
        byte[] all = _received.ToArray();
        byte[] rest = all[(int)_framePosition..];
        _framePosition = all.Length;
        return rest;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _received.DisposeAsync();
    }

    private bool TryParseFrame(out EslMessage? message)
    {
        byte[] all = _received.GetBuffer();
        var sequence = new ReadOnlySequence<byte>(all, (int)_framePosition, (int)(_received.Length - _framePosition));
        using var reader = new EslFrameReader();
        if (reader.TryReadFrame(ref sequence, out var frame))
        {
            message = frame.ToMessage();
            long end = _received.Length - sequence.Length;
            LastFrameBytes = all[(int)_framePosition..(int)end];
            _framePosition = end;
            return true;
        }

        message = null;
        return false;
    }

    private async Task<bool> ReceiveOnceAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return false;
        }

        int n;
        try
        {
            n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
        }
        catch (SocketException)
        {
            _eof = true;
            return false;
        }

        if (n == 0)
        {
            _eof = true;
            return false;
        }

        _received.Write(_buffer, 0, n);
        return true;
    }
}
