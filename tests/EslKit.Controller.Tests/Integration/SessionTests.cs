using EslKit.Controller.Calls;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// The outbound session of an answered call, end to end: what it sends FreeSWITCH (the capture
/// call-socket-session's subscription and uuid_audio_stream start), that a failed audio stream start is recorded
/// and not fatal, and that a call whose session is lost still gets its call log from the node's inbound connection.
/// </summary>
public sealed class SessionTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const string Number = "60121000040";

    [Fact]
    public async Task The_session_subscribes_starts_the_audio_stream_and_writes_the_call_log()
    {
        EslEmulatorConnection? socket = null;
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            ConfigureSwitch = fs =>
            {
                fs.Calls.SetOutcome(Number, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
                fs.OnApi("uuid_audio_stream", (request, _) =>
                {
                    socket = request.Connection; // the call's outbound socket
                    return ValueTask.FromResult("+OK Success\n"); // mod_audio_stream's answer to start
                });
            },
        });
        var (tenant, campaign) = await Scenario.TrialCampaignAsync(harness, "session", Number);
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign), "the call to end");

        var item = Assert.Single(await ItemRow.ListAsync(Database, campaign));
        Assert.NotNull(socket);
        var commands = socket.ReceivedCommands.Select(c => c.Command).ToList();
        Guid channel = item.LegUuids[0];
        Assert.Equal(
            [
                "connect",
                "myevents",
                "linger",
                "event plain PLAYBACK_START PLAYBACK_STOP CUSTOM mod_audio_stream::play mod_audio_stream::connect mod_audio_stream::disconnect mod_audio_stream::error",
                $"api uuid_audio_stream {channel} start ws://127.0.0.1:8090/audio/{item.CallId} mono 16k {{\"callId\":\"{item.CallId}\",\"tenant\":{tenant.Id}}}",
            ],
            commands.Take(5));
        Assert.Equal(("done", "answered"), (item.State, item.Disposition));
        var log = await harness.Get<CallLogStore>().GetAsync(item.CallId, 1, default);
        Assert.NotNull(log);
        // The callee hangs up 1 s after the answer by the emulator's clock: whole seconds as FreeSWITCH counts them,
        // so a loaded machine that fires the hang-up late may make it 2; never less than the talk time, never over duration.
        Assert.Equal("NORMAL_CLEARING", log.HangupCause);
        int billsec = Assert.NotNull(log.Billsec);
        Assert.InRange(billsec, 1, 3);
        Assert.InRange(Assert.NotNull(log.DurationSeconds), billsec, billsec + 1);
        Assert.NotNull(log.AnsweredAt);
        Assert.Equal(channel, log.ChannelUuid);
        Assert.Contains(harness.Logs.Entries, e => e.Contains("[5104]", StringComparison.Ordinal) && e.Contains(item.CallId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_audio_stream_start_is_recorded_and_the_call_goes_on()
    {
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            ConfigureSwitch = fs =>
            {
                fs.Calls.SetOutcome(Number, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(2)));
                fs.SetApiResponse("uuid_audio_stream", "-ERR Failed to start stream\n");
            },
        });
        var (_, campaign) = await Scenario.TrialCampaignAsync(harness, "no audio", Number);
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign), "the call to end");

        var item = Assert.Single(await ItemRow.ListAsync(Database, campaign));
        Assert.Equal(("done", "answered"), (item.State, item.Disposition));
        var log = (await harness.Get<CallLogStore>().GetAsync(item.CallId, 1, default))!;
        Assert.Equal((2, "NORMAL_CLEARING", "200"), (log.Billsec, log.HangupCause, log.SipStatus)); // the callee hung up after 2 s, not us
        Assert.Contains(harness.Logs.Entries, e => e.Contains("[5103]", StringComparison.Ordinal) && e.Contains("-ERR Failed to start stream", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_whose_session_is_lost_gets_its_call_log_from_the_inbound_connection()
    {
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            ConfigureSwitch = fs => fs.Calls.SetOutcome(Number, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(30))),
        });
        var (_, campaign) = await Scenario.TrialCampaignAsync(harness, "lost session", Number);
        await harness.WaitUntilAsync(() => Task.FromResult(harness.Switch.OutboundCalls.Count == 1), "the session");
        var call = harness.Switch.OutboundCalls[0];
        await call.WaitForCommandAsync("api uuid_audio_stream", TimeSpan.FromSeconds(30));

        await call.DropAsync(); // TCP reset: the session is gone without a word, the channel hangs up on its own
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign), "the call to end");

        var item = Assert.Single(await ItemRow.ListAsync(Database, campaign));
        Assert.Equal(("done", "answered"), (item.State, item.Disposition));
        var log = await harness.Get<CallLogStore>().GetAsync(item.CallId, 1, default);
        Assert.NotNull(log?.EndedAt);
        Assert.NotNull(log.AnsweredAt);
        Assert.Equal(call.UniqueId, log.ChannelUuid);
        string id = item.CallId.ToString();
        Assert.Contains(harness.Logs.Entries, e => e.Contains("[5105]", StringComparison.Ordinal) && e.Contains(id, StringComparison.Ordinal) && e.Contains("heard on inbound", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Contains("[5105]", StringComparison.Ordinal) && e.Contains("heard on session", StringComparison.Ordinal));
    }
}
