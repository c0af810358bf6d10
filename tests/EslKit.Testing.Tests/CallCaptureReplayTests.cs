using System.Text;
using EslKit.Protocol;
using EslKit.Testing.Tests.Support;
using EslKit.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>
/// The freeswitch-calls captures' client commands replayed against the emulator running the lab's numbering plan, paced
/// as the lab's client was (each command goes once the events the capture shows before its reply have arrived): the
/// replies come in the same order with the same text, and the same events arrive with every header, in order, the same —
/// but for what <see cref="CaptureMask"/> sets aside (ids the switch makes up, times, the lab's addresses and running
/// counters). Events are paired by name, channel, state and cause; the order between calls is not compared (a refused
/// originate answers at once here, while in the lab the throttle capture's first job waited for the carrier).
/// </summary>
public sealed class CallCaptureReplayTests
{
    [Theory]
    [InlineData("call-outcomes")]
    [InlineData("failover-uuid")]
    [InlineData("gateway-status")]
    [InlineData("throttle")]
    [InlineData("pro-failover")]
    public async Task Replaying_the_client_commands_gives_the_captured_frames(string name)
    {
        var captured = Captures.Frames(Fixtures.Read($"freeswitch-calls/{name}.fs.bin")).Select(f => f.Message).ToList();
        byte[] clientBytes = Fixtures.Read($"freeswitch-calls/{name}.client.txt");
        var packets = Captures.Packets(clientBytes);
        var mask = new CaptureMask(Encoding.UTF8.GetString(clientBytes));

        // Timers move the clock to their due time at once: the calls' seconds take no real time.
        var clock = new TestClock { VirtualTimers = true };
        await using var fs = await EslSwitchEmulator.StartAsync(CaptureMask.LabOptions(captured, clock));
        fs.Calls.UseLabNumberingPlan();
        await using var client = await RawClient.ConnectAsync(fs.EndPoint);

        var received = new List<EslMessage> { await client.ReadFrameAsync() };
        var eventsBeforeReply = EventsBeforeEachReply(captured);
        for (int i = 0; i < packets.Count; i++)
        {
            // The lab's client sent the next command once it had seen what came before that command's reply.
            int wanted = eventsBeforeReply[i];
            int have = received.Count(f => f.Event is not null);
            if (have < wanted)
            {
                received.AddRange(await client.ReadFramesUntilAsync(f => f.Event is not null && ++have == wanted, TimeSpan.FromSeconds(30)));
            }

            string line = Encoding.UTF8.GetString(packets[i]).Split('\n')[0];
            await client.SendAsync(packets[i]);
            received.AddRange(await client.ReadFramesUntilAsync(f => f.ContentType is EslContentType.CommandReply or EslContentType.ApiResponse, TimeSpan.FromSeconds(30)));
            if (name == "throttle" && line == "api fsctl sps 2")
            {
                // fsctl sps applies at the soft timer's next second; in the lab that second began before the originates
                // (the first one was refused).
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        if (captured[^1].ContentType == EslContentType.DisconnectNotice)
        {
            received.AddRange(await client.ReadFramesUntilAsync(f => f.ContentType == EslContentType.DisconnectNotice, TimeSpan.FromSeconds(30)));
        }

        Assert.Empty(fs.HandlerErrors);
        Assert.Equal(Replies(captured, mask), Replies(received, mask));
        var differences = CaptureMask.Differences(captured, received, mask);
        Assert.True(differences.Count == 0, $"{differences.Count} difference(s):\n{string.Join('\n', differences)}");
    }

    /// <summary>For the n-th reply of the capture, how many events came before it.</summary>
    internal static List<int> EventsBeforeEachReply(List<EslMessage> captured)
    {
        var counts = new List<int>();
        int events = 0;
        foreach (var frame in captured)
        {
            if (frame.Event is not null)
            {
                events++;
            }
            else if (frame.ContentType is EslContentType.CommandReply or EslContentType.ApiResponse)
            {
                counts.Add(events);
            }
        }

        return counts;
    }

    private static List<string> Replies(IEnumerable<EslMessage> frames, CaptureMask mask) =>
        [.. frames.Where(f => f.Event is null).Select(f => mask.Reply($"{f.ContentType} {f.ReplyText} {f.BodyText}"))];
}
