using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EslKit.Benchmarks;

/// <summary>
/// The least FreeSWITCH a client benchmark needs, on loopback: greets, accepts any password, answers
/// event/filter commands with +OK and <c>api echo X</c> with X, and sends prepared bytes on demand. It
/// allocates nothing per message, so what the benchmark measures is the client.
/// </summary>
internal sealed class LoopbackSwitch : IAsyncDisposable
{
    private static readonly byte[] AuthRequest = "Content-Type: auth/request\n\n"u8.ToArray();
    private static readonly byte[] Ok = "Content-Type: command/reply\nReply-Text: +OK\n\n"u8.ToArray();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<NetworkStream> _streams = [];
    private readonly CancellationTokenSource _stop = new();

    public LoopbackSwitch()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Sends bytes on a connection (numbered in the order they were accepted, from 0).</summary>
    public ValueTask SendAsync(int connection, ReadOnlyMemory<byte> bytes) => _streams[connection].WriteAsync(bytes);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var stream in _streams)
        {
            await stream.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                client.NoDelay = true;
                var stream = client.GetStream();
                _streams.Add(stream);
                _ = ServeAsync(stream);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        var buffer = new byte[64 * 1024];
        var reply = new byte[64 * 1024];
        int filled = 0;
        try
        {
            await stream.WriteAsync(AuthRequest, _stop.Token);
            while (true)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                int start = 0;
                int end;
                while ((end = buffer.AsSpan(start, filled - start).IndexOf("\n\n"u8)) >= 0)
                {
                    var line = buffer.AsSpan(start, end);
                    int lf = line.IndexOf((byte)'\n');
                    if (lf >= 0)
                    {
                        line = line[..lf];
                    }

                    if (line.StartsWith("api echo "u8))
                    {
                        var body = line["api echo ".Length..];
                        int n = Encoding.ASCII.GetBytes($"Content-Type: api/response\nContent-Length: {body.Length}\n\n", reply);
                        body.CopyTo(reply.AsSpan(n));
                        await stream.WriteAsync(reply.AsMemory(0, n + body.Length), _stop.Token);
                    }
                    else
                    {
                        await stream.WriteAsync(Ok, _stop.Token);
                    }

                    start += end + 2;
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }
}
