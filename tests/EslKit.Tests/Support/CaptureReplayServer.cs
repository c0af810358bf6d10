using System.Net;
using System.Net.Sockets;
using System.Text;
using EslKit.Protocol;

namespace EslKit.Tests.Support;

/// <summary>
/// Plays a captured FreeSWITCH conversation back to a real client over loopback. Each client packet
/// whose command line equals the capture's next one gets the captured reply and the frames that
/// followed it (events included) up to the next reply; other packets get a synthetic "+OK". Job-UUIDs
/// in the capture are rewritten to the ones the client chose, so bgapi results match up.
/// </summary>
public sealed class CaptureReplayServer : IAsyncDisposable
{
    private const string Goodbye = "Content-Type: text/disconnect-notice\nContent-Length: 67\n\nDisconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int? _dialPort;
    private bool _shutDown;
    private readonly List<byte[]> _frames;
    private readonly List<string> _expectedCommands;
    private readonly Task _serving;
    private readonly CancellationTokenSource _stop = new();

    private CaptureReplayServer(string scenario, int? dialPort)
    {
        // "auth-ok" is freeswitch/auth-ok; a scenario of another capture set names its folder ("freeswitch-calls/…").
        string path = scenario.Contains('/', StringComparison.Ordinal) ? scenario : $"freeswitch/{scenario}";
        _frames = SplitFrames(Fixtures.Read($"{path}.fs.bin"));
        _expectedCommands = SplitPackets(Fixtures.Read($"{path}.client.txt")).Select(p => p.Line).ToList();
        _dialPort = dialPort;
        if (dialPort is null)
        {
            _listener.Start();
        }

        _serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Command lines the client sent, in order.</summary>
    public List<string> Received { get; } = [];

    /// <summary>The packets the client sent (command line and headers), in order.</summary>
    public List<(string Line, Dictionary<string, string> Headers)> ReceivedPackets { get; } = [];

    /// <summary>Listens for a client (inbound scenarios).</summary>
    public static CaptureReplayServer Start(string scenario) => new(scenario, null);

    /// <summary>Connects to a server on 127.0.0.1, as FreeSWITCH's socket application does (outbound scenarios).</summary>
    public static CaptureReplayServer Dial(string scenario, int port) => new(scenario, port);

    /// <summary>Completes when the conversation has ended.</summary>
    public Task Finished => _serving;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_dialPort is null)
        {
            _listener.Stop();
        }

        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static bool IsReply(byte[] frame)
    {
        var frames = FrameFeeder.ParseAll(frame);
        return frames.Count == 1 && frames[0].ContentType is EslContentType.CommandReply or EslContentType.ApiResponse;
    }

    private static List<byte[]> SplitFrames(byte[] data)
    {
        var frames = new List<byte[]>();
        var parsed = FrameFeeder.ParseAll(data);
        for (int i = 0; i < parsed.Count; i++)
        {
            long end = i + 1 < parsed.Count ? parsed[i + 1].Offset : data.Length;
            frames.Add(data.AsSpan((int)parsed[i].Offset, (int)(end - parsed[i].Offset)).ToArray());
        }

        return frames;
    }

    /// <summary>Client packets: a command line, header lines, a blank line, and a content-length body.</summary>
    public static List<(string Line, Dictionary<string, string> Headers)> SplitPackets(byte[] data)
    {
        var packets = new List<(string, Dictionary<string, string>)>();
        int pos = 0;
        while (pos < data.Length)
        {
            int end = data.AsSpan(pos).IndexOf("\n\n"u8);
            if (end < 0)
            {
                break;
            }

            var lines = Encoding.UTF8.GetString(data, pos, end).Split('\n');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon]] = line[(colon + 1)..].TrimStart(' ');
            }

            pos += end + 2 + (headers.TryGetValue("content-length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0);
            packets.Add((lines[0], headers));
        }

        return packets;
    }

    private async Task ServeAsync()
    {
        using var client = _dialPort is { } port ? new TcpClient() : await _listener.AcceptTcpClientAsync(_stop.Token);
        if (_dialPort is not null)
        {
            await client.ConnectAsync(IPAddress.Loopback, _dialPort.Value, _stop.Token);
        }

        await using var stream = client.GetStream();
        int next = 0;
        var jobUuids = new Dictionary<string, string>();

        // Frames FreeSWITCH sends before any command (auth/request, or the whole outbound stream start).
        next = await SendUntilReplyAsync(stream, next, includeReply: false, jobUuids);
        var pending = new List<byte>();
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                int read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                pending.AddRange(buffer.AsSpan(0, read).ToArray());
                while (TryTakePacket(pending, out var line, out var headers))
                {
                    Received.Add(line);
                    ReceivedPackets.Add((line, headers));
                    if (_expectedCommands.Count > 0 && _expectedCommands[0] == line && next < _frames.Count)
                    {
                        _expectedCommands.RemoveAt(0);
                        if (headers.TryGetValue("Job-UUID", out var clientJob) && FindJobUuid(_frames[next]) is { } capturedJob)
                        {
                            jobUuids[capturedJob] = clientJob;
                        }

                        // An execute tagged with Event-UUID: FreeSWITCH echoes it as the Application-UUID of its events.
                        if (headers.TryGetValue("Event-UUID", out var clientApp) && FindApplicationUuid(next, jobUuids) is { } capturedApp)
                        {
                            jobUuids[capturedApp] = clientApp;
                        }

                        next = await SendUntilReplyAsync(stream, next, includeReply: true, jobUuids);
                        if (_expectedCommands.Count == 0)
                        {
                            next = await SendUntilReplyAsync(stream, next, includeReply: false, jobUuids, toEnd: true);
                        }
                    }
                    else if (_shutDown)
                    {
                        // FreeSWITCH has already closed its side.
                    }
                    else if (line == "exit")
                    {
                        // As FreeSWITCH does: the goodbye, then it closes.
                        await stream.WriteAsync(Encoding.ASCII.GetBytes("Content-Type: command/reply\nReply-Text: +OK bye\n\n" + Goodbye), _stop.Token);
                        stream.Socket.Shutdown(SocketShutdown.Send);
                        _shutDown = true;
                    }
                    else
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes("Content-Type: command/reply\nReply-Text: +OK\n\n"), _stop.Token);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // The client went away.
        }
    }

    // Sends the next reply (if asked) and the non-reply frames that follow it, up to the next reply.
    private async Task<int> SendUntilReplyAsync(NetworkStream stream, int next, bool includeReply, Dictionary<string, string> jobUuids, bool toEnd = false)
    {
        if (includeReply && next < _frames.Count)
        {
            await stream.WriteAsync(Rewrite(_frames[next++], jobUuids), _stop.Token);
        }

        while (next < _frames.Count && (toEnd || !IsReply(_frames[next])))
        {
            await stream.WriteAsync(Rewrite(_frames[next++], jobUuids), _stop.Token);
        }

        if (toEnd)
        {
            // FreeSWITCH closes the socket after its last frame in these captures (exit, auth failure, linger end).
            stream.Socket.Shutdown(SocketShutdown.Send);
            _shutDown = true;
        }

        return next;
    }

    private static string? FindJobUuid(byte[] frame)
    {
        string text = Encoding.UTF8.GetString(frame);
        const string Marker = "Job-UUID: ";
        int at = text.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? null : text.Substring(at + Marker.Length, 36);
    }

    private string? FindApplicationUuid(int from, Dictionary<string, string> mapped)
    {
        const string Marker = "Application-UUID: ";
        for (int i = from; i < _frames.Count; i++)
        {
            string text = Encoding.UTF8.GetString(_frames[i]);
            int at = text.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0 && text.Substring(at + Marker.Length, 36) is var uuid && !mapped.ContainsKey(uuid))
            {
                return uuid;
            }
        }

        return null;
    }

    private static byte[] Rewrite(byte[] frame, Dictionary<string, string> jobUuids)
    {
        if (jobUuids.Count == 0)
        {
            return frame;
        }

        // UUIDs have one length, so Content-Length values stay right.
        string text = Encoding.Latin1.GetString(frame);
        foreach (var (captured, chosen) in jobUuids)
        {
            text = text.Replace(captured, chosen, StringComparison.Ordinal);
        }

        return Encoding.Latin1.GetBytes(text);
    }

    private static bool TryTakePacket(List<byte> pending, out string line, out Dictionary<string, string> headers)
    {
        line = string.Empty;
        headers = [];
        var bytes = pending.ToArray();
        int end = bytes.AsSpan().IndexOf("\n\n"u8);
        if (end < 0)
        {
            return false;
        }

        var packet = SplitPackets(bytes[..(end + 2)]);
        int bodyLength = packet[0].Headers.TryGetValue("content-length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (bytes.Length < end + 2 + bodyLength)
        {
            return false;
        }

        (line, headers) = packet[0];
        pending.RemoveRange(0, end + 2 + bodyLength);
        return true;
    }
}
