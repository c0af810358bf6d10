using System.Globalization;
using EslKit.Protocol;
using EslKit.Tests.Support;
using EslKit.Testing.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>
/// The outbound side against the captures: a raw socket server plays the exact client bytes of
/// outbound-async-full and the emulator's bytes must equal what FreeSWITCH sent; the connect replies of the six
/// 2015 sessions are rebuilt from their own headers.
/// </summary>
/// <remarks>
/// Pinned, as for the inbound replays: Core-UUID, hostname and addresses, the clock (set per step to the capture's
/// Event-Date-Timestamp), the uuids the switch made (the socket application's and the two Application-UUIDs), the
/// first Event-Sequence, and the channel's data (taken from the connect reply with
/// <see cref="EslOutboundCallOptions.FromChannelData"/>). What mod_sofia changed on the channel meanwhile is set at
/// the point it happened, read from the capture: the RTP variables at answer, the SIP dialog variables after the
/// ACK, and the hangup's SIP/RTP statistics. The eight events of the other call leg between answer and playback
/// are published as decoys (another Unique-ID, so myevents must drop them; they take the sequence numbers the
/// capture skips). Everything else — which events, their order, standard and channel headers, state changes,
/// times and durations, Application-* headers, replies, the linger notice — is the emulator's own.
/// </remarks>
public sealed class OutboundFixtureTests
{
    private const string Name = "outbound-async-full";

    [Fact]
    public async Task Outbound_async_full_is_reproduced_byte_for_byte()
    {
        byte[] expected = Fixtures.Read($"freeswitch/{Name}.fs.bin");
        var packets = Captures.Packets(Fixtures.Read($"freeswitch/{Name}.client.txt"));
        var frames = Captures.Frames(expected);
        var connect = frames[0].Message;
        var events = frames.Where(f => f.IsEvent).Select(f => f.Message.Event!).ToList();
        EslEvent Captured(string name, string? application = null, int skip = 0) =>
            events.Where(e => e.RawName == name && (application is null || e["Application"] == application)).Skip(skip).First();
        long Time(EslEvent e) => long.Parse(e["Event-Date-Timestamp"]!, CultureInfo.InvariantCulture);

        var answerExecute = Captured("CHANNEL_EXECUTE", "answer");
        var answer = Captured("CHANNEL_ANSWER");
        var answerComplete = Captured("CHANNEL_EXECUTE_COMPLETE", "answer");
        var playbackExecute = Captured("CHANNEL_EXECUTE", "playback");
        var playbackComplete = Captured("CHANNEL_EXECUTE_COMPLETE", "playback");
        var hangup = Captured("CHANNEL_HANGUP");
        var hangupComplete = Captured("CHANNEL_HANGUP_COMPLETE");
        var socketComplete = Captured("CHANNEL_EXECUTE_COMPLETE", "socket");

        var clock = new TestClock { VirtualTimers = true };
        clock.SetMicroseconds(long.Parse(connect["Event-Date-Timestamp"]!, CultureInfo.InvariantCulture));
        var uuids = new Queue<string>([socketComplete["Application-UUID"]!, answerExecute["Application-UUID"]!, playbackExecute["Application-UUID"]!]);
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions
        {
            CoreUuid = connect["Core-UUID"]!,
            Hostname = connect["FreeSWITCH-Hostname"]!,
            Switchname = connect["FreeSWITCH-Switchname"],
            IPv4 = connect["FreeSWITCH-IPv4"]!,
            IPv6 = connect["FreeSWITCH-IPv6"]!,
            TimeProvider = clock,
            UuidFactory = () => Guid.Parse(uuids.Dequeue()),
        });
        fs.NextEventSequence = long.Parse(connect["Event-Sequence"]!, CultureInfo.InvariantCulture);

        var options = EslOutboundCallOptions.FromChannelData(connect.Headers);
        options.ParkDelay = null; // park when the first message arrives: the capture's CHANNEL_PARK follows myevents
        options.PlaybackDurations[playbackExecute["Application-Data"]!] = TimeSpan.FromTicks((Time(playbackComplete) - Time(playbackExecute)) * 10);
        foreach (var variable in VariablesAfter(hangupComplete, "flow_billusec"))
        {
            options.HangupVariables.Add(variable);
        }

        options.Applications["answer"] = async (context, ct) =>
        {
            // mod_sofia sets up RTP as the call is answered, then marks the endpoint answered.
            foreach (var (name, value) in VariablesAfter(answer, "current_application"))
            {
                context.SetVariable(name, value);
            }

            await context.AnswerAsync(ct);
            context.SetVariable("endpoint_disposition", answerComplete["variable_endpoint_disposition"]!);
            return null;
        };
        options.OnMessage = async (call, message, ct) =>
        {
            switch (message["execute-app-name"] ?? message["call-command"])
            {
                case "answer":
                    clock.SetMicroseconds(Time(answerExecute));
                    break;
                case "playback":
                    // The other leg's events meanwhile (not this channel's: myevents drops them).
                    for (int i = 0; i < 8; i++)
                    {
                        await fs.PublishAsync(fs.CreateEvent("CHANNEL_STATE").AddHeader("Unique-ID", "11111111-2222-4333-8444-555555555555"), ct);
                    }

                    // The ACK refreshed the SIP dialog variables.
                    foreach (var (name, value) in VariablesAfter(playbackExecute, "endpoint_disposition").TakeWhile(v => v.Key != "current_loop"))
                    {
                        call.SetVariable(name, value);
                    }

                    clock.SetMicroseconds(Time(playbackExecute));
                    break;
                case "hangup":
                    clock.SetMicroseconds(Time(hangup));
                    break;
            }
        };

        using var server = new RawServer();
        var (callUnderTest, peer) = await server.CallAsync(fs, options);
        await using (peer)
        {
            // connect, myevents, linger: one reply each.
            for (int i = 0; i < 3; i++)
            {
                await peer.SendAsync(packets[i]);
                await ReadUntilAsync(peer, expected, frames[i].End);
            }

            // answer: +OK, then PARK and the answer's events; playback: +OK and its events; hangup: the rest.
            await peer.SendAsync(packets[3]);
            await ReadUntilAsync(peer, expected, frames.Last(f => f.Message.Event?.RawName == "CHANNEL_EXECUTE_COMPLETE" && f.Message.Event["Application"] == "answer").End);
            await peer.SendAsync(packets[4]);
            await ReadUntilAsync(peer, expected, frames.Last(f => f.Message.Event?["Application"] == "playback").End);
            await peer.SendAsync(packets[5]);
            await ReadUntilAsync(peer, expected, expected.Length);

            Assert.True(await peer.IsQuietAsync(TimeSpan.FromMilliseconds(200)), "the emulator sent more than the capture (linger -1 keeps the socket open)");
            Assert.Equal(Captures.Text(expected), Captures.Text(peer.Received));
            Assert.Empty(fs.HandlerErrors);
            Assert.Equal("NORMAL_CLEARING", callUnderTest.HangupCause);
            Assert.Equal(["answer", "playback"], callUnderTest.Applications.Select(a => a.Name));
        }

        // The client closing its side ends the lingering session; the channel is then destroyed.
        await callUnderTest.WaitForCompletionAsync();
        Assert.Equal(EslConnectionEnd.ClientClosed, callUnderTest.EndReason);
    }

    [Theory]
    [InlineData("freeswitch/outbound-async-full.fs.bin")]
    [InlineData("older-freeswitch/session-1.fs.bin")]
    [InlineData("older-freeswitch/session-2.fs.bin")]
    [InlineData("older-freeswitch/session-3.fs.bin")]
    [InlineData("older-freeswitch/session-4.fs.bin")]
    [InlineData("older-freeswitch/session-5.fs.bin")]
    [InlineData("older-freeswitch/session-6.fs.bin")]
    public async Task Connect_replies_are_rebuilt_from_their_channel_data(string capture)
    {
        byte[] bytes = Fixtures.Read(capture);
        var first = Captures.Frames(bytes)[0];
        var connect = first.Message;
        var clock = new TestClock();
        clock.SetMicroseconds(long.Parse(connect["Event-Date-Timestamp"]!, CultureInfo.InvariantCulture));
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions
        {
            CoreUuid = connect["Core-UUID"]!,
            Hostname = connect["FreeSWITCH-Hostname"]!,
            Switchname = connect["FreeSWITCH-Switchname"],
            IPv4 = connect["FreeSWITCH-IPv4"]!,
            IPv6 = connect["FreeSWITCH-IPv6"]!,
            TimeProvider = clock,
        });
        fs.NextEventSequence = long.Parse(connect["Event-Sequence"]!, CultureInfo.InvariantCulture);

        var options = EslOutboundCallOptions.FromChannelData(connect.Headers);
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs, options);
        await using (peer)
        {
            await peer.SendAsync("connect\n\n");
            await peer.ReadUntilCountAsync(first.Bytes.Length);
            Assert.Equal(Captures.Text(first.Bytes), Captures.Text(peer.Received));
            Assert.Equal(connect["Unique-ID"], call.UniqueId.ToString("D"));
            Assert.Equal(connect["Socket-Mode"] == "async", call.IsAsync);
        }
    }

    /// <summary>The variables an event lists after <c>variable_<paramref name="after"/></c>, decoded, in order.</summary>
    private static List<KeyValuePair<string, string>> VariablesAfter(EslEvent ev, string after)
    {
        var variables = ev.Headers.Where(h => h.Key.StartsWith("variable_", StringComparison.Ordinal))
            .Select(h => new KeyValuePair<string, string>(h.Key["variable_".Length..], h.Value)).ToList();
        int index = variables.FindIndex(v => v.Key == after);
        Assert.True(index >= 0, $"{ev.RawName} has no variable_{after}");
        return variables[(index + 1)..];
    }

    private static async Task ReadUntilAsync(RawClient peer, byte[] expected, long count)
    {
        try
        {
            await peer.ReadUntilCountAsync(count, TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            string received = Captures.Text(peer.Received);
            Assert.Equal(Captures.Text(expected)[..Math.Min(expected.Length, received.Length + 300)], received);
            throw;
        }
    }
}
