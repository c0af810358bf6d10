using System.Globalization;
using System.Text;
using EslKit.Protocol;
using EslKit.Tests.Support;

namespace EslKit.Testing.Tests.Support;

/// <summary>
/// Replays a capture's client bytes, packet by packet, over a real loopback socket to an emulator configured
/// like the captured switch (password, Core-UUID, hostname, addresses), with the clock, sequence numbers and
/// uuids pinned to the capture's; events that came from elsewhere on the lab switch are published at the
/// point they appeared. The bytes the emulator sends must equal the capture.
/// </summary>
public sealed class FixtureReplay
{
    /// <summary>The lab switch's event_socket password (fixtures/freeswitch/INDEX.md).</summary>
    public const string LabPassword = "LabSecret!42";

    private readonly string _name;

    public FixtureReplay(string name)
    {
        _name = name;
        ServerBytes = Fixtures.Read($"freeswitch/{name}.fs.bin");
        ClientBytes = Fixtures.Read($"freeswitch/{name}.client.txt");
        Frames = Captures.Frames(ServerBytes);
        Packets = Captures.Packets(ClientBytes);
        Replies = [.. Frames.Where(f => f.IsReply)];
    }

    public byte[] ServerBytes { get; }

    public byte[] ClientBytes { get; }

    public List<CapturedFrame> Frames { get; }

    public List<byte[]> Packets { get; }

    public List<CapturedFrame> Replies { get; }

    /// <summary>Scripts the emulator before the client connects.</summary>
    public Action<EslSwitchEmulator, FixtureReplay>? Setup { get; init; }

    /// <summary>Runs before packet i is sent.</summary>
    public Func<int, EslSwitchEmulator, Task>? BeforePacket { get; init; }

    /// <summary>Runs once packet i's reply has arrived, before the captured events of that step are published (decoys go here).</summary>
    public Func<int, EslSwitchEmulator, Task>? AfterReply { get; init; }

    /// <summary>Which captured events (not made by the connection's own commands) the harness publishes; all by default.</summary>
    public Func<CapturedFrame, bool> PublishCaptured { get; init; } = _ => true;

    /// <summary>Answer each <c>api</c> command with the body the capture shows for it, in order.</summary>
    public bool ScriptApisFromCapture { get; init; }

    /// <summary>The frames between packet i's reply and the next packet's reply (reply included).</summary>
    public List<CapturedFrame> Segment(int i)
    {
        long end = i + 1 < Replies.Count ? Replies[i + 1].Offset : ServerBytes.Length;
        return [.. Frames.Where(f => f.Offset >= Replies[i].Offset && f.Offset < end)];
    }

    public static string FirstLine(byte[] packet)
    {
        string text = Encoding.UTF8.GetString(packet);
        return text[..text.IndexOf('\n', StringComparison.Ordinal)];
    }

    public async Task RunAsync()
    {
        Assert.Equal(Packets.Count, Replies.Count); // every command gets exactly one reply
        var clock = new TestClock();
        var uuids = new Queue<string>();
        for (int i = 0; i < Packets.Count; i++)
        {
            string line = FirstLine(Packets[i]);
            string text = Encoding.UTF8.GetString(Packets[i]);
            string reply = Replies[i].Message.ReplyText ?? string.Empty;
            if (line.StartsWith("bgapi ", StringComparison.Ordinal) && !text.Contains("\nJob-UUID:", StringComparison.OrdinalIgnoreCase))
            {
                uuids.Enqueue(reply["+OK Job-UUID: ".Length..]);
            }
            else if (line.StartsWith("sendevent", StringComparison.Ordinal))
            {
                uuids.Enqueue(reply["+OK ".Length..]);
            }
        }

        var options = new EslEmulatorOptions
        {
            Password = LabPassword,
            TimeProvider = clock,
            UuidFactory = () => Guid.Parse(uuids.Dequeue()),
        };
        if (Frames.FirstOrDefault(f => f.IsEvent)?.Message.Event is { } sample)
        {
            options.CoreUuid = sample["Core-UUID"]!;
            options.Hostname = sample["FreeSWITCH-Hostname"]!;
            options.Switchname = sample["FreeSWITCH-Switchname"];
            options.IPv4 = sample["FreeSWITCH-IPv4"]!;
            options.IPv6 = sample["FreeSWITCH-IPv6"]!;
        }

        await using var emulator = await EslSwitchEmulator.StartAsync(options);
        if (ScriptApisFromCapture)
        {
            ScriptApis(emulator);
        }

        Setup?.Invoke(emulator, this);
        await using var client = await RawClient.ConnectAsync(emulator.EndPoint);
        var timeout = TimeSpan.FromSeconds(5);
        await ReadUntilAsync(client, Replies[0].Offset, timeout);
        for (int i = 0; i < Packets.Count; i++)
        {
            var segment = Segment(i);
            if (segment.FirstOrDefault(f => f.IsOwnEvent)?.Message.Event is { } own)
            {
                // Pin what the switch stamped on the event this command makes; bgapi's API event comes first.
                clock.SetMicroseconds(long.Parse(own["Event-Date-Timestamp"]!, CultureInfo.InvariantCulture));
                long sequence = long.Parse(own["Event-Sequence"]!, CultureInfo.InvariantCulture);
                emulator.NextEventSequence = own.RawName == "BACKGROUND_JOB" ? sequence - 1 : sequence;
            }

            if (BeforePacket is not null)
            {
                await BeforePacket(i, emulator);
            }

            await client.SendAsync(Packets[i]);
            await ReadUntilAsync(client, Replies[i].End, timeout);
            if (AfterReply is not null)
            {
                await AfterReply(i, emulator);
            }

            foreach (var frame in segment.Skip(1))
            {
                if (frame.IsOwnEvent)
                {
                    // What the switch made itself comes first; later captured events are published after it.
                    await ReadUntilAsync(client, frame.End, timeout);
                }
                else if (frame.IsEvent && PublishCaptured(frame))
                {
                    await emulator.PublishAsync(Captures.ToEmulatorEvent(frame));
                }
                else if (frame.Type == EslContentType.LogData)
                {
                    var m = frame.Message;
                    await emulator.SendLogAsync(
                        int.Parse(m["Log-Level"]!, CultureInfo.InvariantCulture),
                        m.BodyText,
                        m["Log-File"]!,
                        m["Log-Func"]!,
                        int.Parse(m["Log-Line"]!, CultureInfo.InvariantCulture),
                        m["User-Data"],
                        int.Parse(m["Text-Channel"]!, CultureInfo.InvariantCulture));
                }
            }

            long segmentEnd = i + 1 < Replies.Count ? Replies[i + 1].Offset : ServerBytes.Length;
            await ReadUntilAsync(client, segmentEnd, timeout);
        }

        if (Frames[^1].Type == EslContentType.DisconnectNotice)
        {
            await client.ReadToEndAsync(timeout);
            Assert.True(client.IsEof, "the emulator should close after its disconnect notice");
        }
        else
        {
            Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(150)), "the emulator sent more than the capture");
        }

        Assert.Empty(emulator.HandlerErrors);
        Assert.Equal(Captures.Text(ServerBytes), Captures.Text(client.Received));
    }

    /// <summary>Waits for the capture's next bytes; if they never come, shows where the streams differ.</summary>
    private async Task ReadUntilAsync(RawClient client, long count, TimeSpan timeout)
    {
        try
        {
            await client.ReadUntilCountAsync(count, timeout);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            string received = Captures.Text(client.Received);
            Assert.Equal(Captures.Text(ServerBytes)[..Math.Min(ServerBytes.Length, received.Length + 200)], received);
            throw;
        }
    }

    private void ScriptApis(EslSwitchEmulator emulator)
    {
        var answers = new Dictionary<string, Queue<string>>(StringComparer.Ordinal);
        for (int i = 0; i < Packets.Count; i++)
        {
            string line = FirstLine(Packets[i]);
            if (!line.StartsWith("api ", StringComparison.Ordinal))
            {
                continue;
            }

            string command = line[4..].Split(' ')[0];
            if (!answers.TryGetValue(command, out var queue))
            {
                answers[command] = queue = new Queue<string>();
                emulator.OnApi(command, (_, _) => ValueTask.FromResult(queue.Dequeue()));
            }

            queue.Enqueue(Replies[i].Message.BodyText);
        }
    }

    public override string ToString() => _name;
}
