using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace EslKit.Tests.Support;

/// <summary>
/// A FreeSWITCH stand-in whose every reply the test writes by hand: it greets with auth/request, then
/// hands each packet the client sends to the test, which answers with raw bytes, stays silent, or drops.
/// </summary>
public sealed class ScriptedPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<Packet> _packets = Channel.CreateUnbounded<Packet>();
    private TcpClient? _client;
    private NetworkStream? _stream;
    private Task? _reading;

    private ScriptedPeer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ChannelReader<Packet> Packets => _packets.Reader;

    public static ScriptedPeer Start() => new();

    /// <summary>Accepts the client, greets it, and accepts any password.</summary>
    public async Task AcceptAsync(bool acceptAuth = true)
    {
        _client = await _listener.AcceptTcpClientAsync();
        _stream = _client.GetStream();
        _reading = ReadAsync(_stream);
        await SendAsync("Content-Type: auth/request\n\n");
        if (acceptAuth)
        {
            var auth = await NextAsync();
            Assert.StartsWith("auth ", auth.Line, StringComparison.Ordinal);
            await ReplyAsync("+OK accepted");
        }
    }

    public async Task<Packet> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _packets.Reader.ReadAsync(cancel.Token);
    }

    public Task SendAsync(string text) => _stream!.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    public Task ReplyAsync(string replyText, string? extraHeaders = null) =>
        SendAsync($"Content-Type: command/reply\nReply-Text: {replyText}\n{extraHeaders}\n");

    public Task ApiResponseAsync(string body) =>
        SendAsync($"Content-Type: api/response\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\n\n{body}");

    /// <summary>Sends a plain event as FreeSWITCH frames it (values are given already URL-encoded).</summary>
    public Task EventAsync(string encodedHeaderLines, string? body = null)
    {
        string inner = body is null
            ? encodedHeaderLines + "\n"
            : $"{encodedHeaderLines}Content-Length: {Encoding.UTF8.GetByteCount(body)}\n\n{body}";
        return SendAsync($"Content-Length: {Encoding.UTF8.GetByteCount(inner)}\nContent-Type: text/event-plain\n\n{inner}");
    }

    /// <summary>Closes abruptly (RST), as a crashed FreeSWITCH would.</summary>
    public void Drop()
    {
        _client!.Client.LingerState = new LingerOption(true, 0);
        _client.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        if (_reading is not null)
        {
            await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ReadAsync(NetworkStream stream)
    {
        var pending = new List<byte>();
        var buffer = new byte[65536];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                pending.AddRange(buffer.AsSpan(0, read).ToArray());
                while (true)
                {
                    var bytes = pending.ToArray();
                    int end = bytes.AsSpan().IndexOf("\n\n"u8);
                    if (end < 0)
                    {
                        break;
                    }

                    var (line, headers) = CaptureReplayServer.SplitPackets(bytes[..(end + 2)])[0];
                    int body = headers.TryGetValue("content-length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    if (bytes.Length < end + 2 + body)
                    {
                        break;
                    }

                    pending.RemoveRange(0, end + 2 + body);
                    await _packets.Writer.WriteAsync(new Packet(line, headers, Encoding.UTF8.GetString(bytes, end + 2, body)));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _packets.Writer.TryComplete();
        }
    }

    public sealed record Packet(string Line, Dictionary<string, string> Headers, string Body);
}
