using System.Text;
using System.Text.RegularExpressions;
using EslKit.Protocol;
using EslKit.Testing.Tests.Support;
using EslKit.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>
/// The freeswitch-calls captures' client commands replayed against the emulator running the lab's numbering plan: the
/// replies come in the same order with the same text, and the same frames arrive — each event with its name, channel,
/// states, hangup cause, gateway state and body — ids, times, addresses and counters that depend on the lab's history
/// aside. Events are compared as a multiset per session (a refused originate answers at once here, while in the lab the
/// first job of the throttle capture waited for the carrier), replies in order.
/// </summary>
public sealed partial class CallCaptureReplayTests
{
    [Theory]
    [InlineData("call-outcomes")]
    [InlineData("failover-uuid")]
    [InlineData("gateway-status")]
    public async Task Replaying_the_client_commands_gives_the_captured_frames(string name)
    {
        byte[] server = Fixtures.Read($"freeswitch-calls/{name}.fs.bin");
        var captured = Captures.Frames(server).Select(f => f.Message).ToList();
        var packets = Captures.Packets(Fixtures.Read($"freeswitch-calls/{name}.client.txt"));
        // Timers advance the clock at once (the calls' seconds take no real time), except where the capture counts
        // sessions within one second: there the clock stays put and the short calls run in real time.
        var clock = new TestClock { VirtualTimers = name != "throttle" };
        var options = new EslEmulatorOptions { Password = FixtureReplay.LabPassword, TimeProvider = clock, SessionsPerSecond = 1000, MaxSessions = 5000 };
        await using var fs = await EslSwitchEmulator.StartAsync(options);
        fs.Calls.UseLabNumberingPlan();
        await using var client = await RawClient.ConnectAsync(fs.EndPoint);

        var received = new List<EslMessage> { await client.ReadFrameAsync() };
        int capturedEvents = captured.Count(f => f.Event is not null);
        foreach (var packet in packets)
        {
            if (Encoding.UTF8.GetString(packet).StartsWith("exit", StringComparison.Ordinal) && received.Count(f => f.Event is not null) < capturedEvents)
            {
                // As in the lab, the client waits for the calls' events before it leaves.
                int missing = capturedEvents - received.Count(f => f.Event is not null);
                received.AddRange(await client.ReadFramesUntilAsync(f => f.Event is not null && --missing == 0, TimeSpan.FromSeconds(30)));
            }

            await client.SendAsync(packet);
            if (Encoding.UTF8.GetString(packet).StartsWith("api sofia profile external rescan", StringComparison.Ordinal))
            {
                // The gateway registers again in the background; the capture polled until REGED.
                received.AddRange(await client.ReadFramesUntilAsync(f => f.Event?["State"] == "REGED", TimeSpan.FromSeconds(30)));
                continue;
            }

            received.AddRange(await client.ReadFramesUntilAsync(f => f.ContentType is EslContentType.CommandReply or EslContentType.ApiResponse, TimeSpan.FromSeconds(30)));
        }

        // The rest: every event the capture has, until the goodbye.
        if (captured[^1].ContentType == EslContentType.DisconnectNotice && received[^1].ContentType != EslContentType.DisconnectNotice)
        {
            received.AddRange(await client.ReadFramesUntilAsync(f => f.ContentType == EslContentType.DisconnectNotice, TimeSpan.FromSeconds(30)));
        }

        Assert.Empty(fs.HandlerErrors);
        Assert.Equal(Replies(captured), Replies(received));
        Assert.Equal(Events(captured), Events(received));
    }

    private static List<string> Replies(IEnumerable<EslMessage> frames) =>
        [.. frames.Where(f => f.Event is null).Select(f => Mask($"{f.ContentType} {f.ReplyText} {f.BodyText}"))];

    private static List<string> Events(IEnumerable<EslMessage> frames) =>
        [.. frames.Where(f => f.Event is not null).Select(f => Describe(f.Event!)).Order(StringComparer.Ordinal)];

    private static string Describe(EslEvent ev)
    {
        var text = new StringBuilder(ev.RawName);
        foreach (string header in new[] { "Event-Subclass", "Channel-Name", "Channel-State", "Channel-Call-State", "Answer-State", "Hangup-Cause", "Call-Direction", "Gateway", "State", "Ping-Status", "Phrase", "Status", "variable_eslkit_tenant", "variable_sip_gateway_name", "variable_billsec" })
        {
            if (ev[header] is { } value)
            {
                text.Append(' ').Append(header).Append('=').Append(value);
            }
        }

        if (ev.Body.Length > 0)
        {
            text.Append(" body=").Append(ev.BodyText);
        }

        return Mask(text.ToString());
    }

    /// <summary>Ids, times, addresses and the lab's running counters aside.</summary>
    private static string Mask(string text)
    {
        text = Uuid().Replace(text, "<uuid>");
        text = Counters().Replace(text, "$1<n>");
        text = StatusNumbers().Replace(text, "<n>");
        return text;
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"(Uptime  \t|CallsOUT\t|FailedCallsOUT\t|<uptime-usec>|<calls-out>|<failed-calls-out>)\d+")]
    private static partial Regex Counters();

    // api status: uptime, session counts and peaks are the lab's history.
    [GeneratedRegex(@"\d+(?= (years|days|hours|minutes|seconds|milliseconds|microseconds|session\(s\)|total\.))|(?<=peak |5min |idle cpu )[\d./]+")]
    private static partial Regex StatusNumbers();
}
