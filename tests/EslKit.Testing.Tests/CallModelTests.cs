using EslKit.Protocol;
using EslKit.Testing.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>The call model over loopback: originate parsed and run as FreeSWITCH does, outcomes, limits, gateways, statistics.</summary>
public sealed class CallModelTests
{
    private const string Subscribe = "event plain BACKGROUND_JOB CHANNEL_CREATE CHANNEL_PROGRESS CHANNEL_ANSWER CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE";

    private static async Task<(EslSwitchEmulator Fs, RawClient Client)> StartLabAsync(TestClock? clock = null, Action<EslEmulatorOptions>? configure = null)
    {
        var options = new EslEmulatorOptions { SessionsPerSecond = 1000, MaxSessions = 5000 };
        if (clock is not null)
        {
            options.TimeProvider = clock;
        }

        configure?.Invoke(options);
        var fs = await EslSwitchEmulator.StartAsync(options);
        fs.Calls.UseLabNumberingPlan();
        var client = await RawClient.ConnectAuthenticatedAsync(fs);
        Assert.Equal("+OK event listener enabled plain", (await client.CommandAsync(Subscribe)).ReplyText);
        return (fs, client);
    }

    /// <summary>Sends a bgapi originate and reads every frame up to its BACKGROUND_JOB (and <paramref name="after"/> more events).</summary>
    private static async Task<(string Body, List<EslEvent> Events)> OriginateAsync(RawClient client, string arguments, int after = 0)
    {
        var reply = await client.CommandAsync("bgapi originate " + arguments);
        Assert.StartsWith("+OK Job-UUID: ", reply.ReplyText, StringComparison.Ordinal);
        var events = new List<EslEvent>();
        string? body = null;
        while (body is null || after-- > 0)
        {
            var ev = (await client.ReadFrameAsync(TimeSpan.FromSeconds(30))).Event!;
            events.Add(ev);
            if (ev.RawName == "BACKGROUND_JOB")
            {
                body = ev.BodyText;
            }
        }

        return (body, events);
    }

    [Theory]
    [InlineData("601100486", "USER_BUSY", "486")]
    [InlineData("601100603", "CALL_REJECTED", "603")]
    [InlineData("601100404", "UNALLOCATED_NUMBER", "404")]
    [InlineData("601100503", "NORMAL_TEMPORARY_FAILURE", "503")]
    public async Task Refusals_answer_the_job_with_the_cause_and_both_legs_end_as_in_call_outcomes(string number, string cause, string status)
    {
        var (fs, client) = await StartLabAsync();
        await using var _ = fs;
        await using var __ = client;
        var uuid = Guid.NewGuid();

        var (body, events) = await OriginateAsync(client, $"{{origination_uuid={uuid},originate_timeout=4,eslkit_call_id=c1,eslkit_tenant=7,eslkit_attempt=1,origination_caller_id_number=010894904}}sofia/gateway/trunk/{number} &park");

        Assert.Equal($"-ERR {cause}\n", body);
        Assert.Equal(
            ["CHANNEL_CREATE", "CHANNEL_CREATE", "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE", "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE", "BACKGROUND_JOB"],
            events.Select(e => e.RawName));
        Assert.Equal([$"sofia/external/{number}", "sofia/carrier/646006395@127.0.0.1:5090"], events.Take(2).Select(e => e["Channel-Name"]));
        Assert.Equal(uuid.ToString(), events[0]["Unique-ID"]);
        var complete = events[5];
        Assert.Equal(cause, complete["Hangup-Cause"]);
        Assert.Equal(status, complete["variable_sip_term_status"]);
        Assert.Equal("7", complete["variable_eslkit_tenant"]);
        Assert.Equal("0", complete["variable_billsec"]);
        Assert.Equal("trunk", complete["variable_sip_gateway_name"]);
        Assert.Equal("010894904", complete["Caller-Caller-ID-Number"]);
        Assert.Equal("false", await fs.ExecuteApiAsync($"uuid_exists {uuid}"));
        Assert.Equal(1, fs.Calls.DialsByUuid[uuid]);
    }

    [Fact]
    public async Task An_answered_call_reports_billsec_on_the_emulator_clock_and_the_callee_hangs_up()
    {
        var clock = new TestClock { VirtualTimers = true };
        var (fs, client) = await StartLabAsync(clock);
        await using var _ = fs;
        await using var __ = client;
        var uuid = Guid.NewGuid();

        var (body, events) = await OriginateAsync(client, $"{{origination_uuid={uuid},eslkit_tenant=7}}sofia/gateway/trunk/601100003 &park", after: 4);

        Assert.Equal($"+OK {uuid}\n", body);
        Assert.Equal(
            "CHANNEL_CREATE CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_ANSWER BACKGROUND_JOB CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE",
            string.Join(" ", events.Select(e => e.RawName)));
        var complete = events[^1];
        Assert.Equal(uuid.ToString(), complete["Unique-ID"]);
        Assert.Equal("NORMAL_CLEARING", complete["Hangup-Cause"]);
        Assert.Equal("3", complete["variable_billsec"]);
        Assert.Equal("3", complete["variable_duration"]);
        Assert.Equal("0", complete["variable_answersec"]);
        Assert.Equal("park", complete["variable_last_app"]);
        Assert.Equal("sofia/carrier/646006395@127.0.0.1:5090", events[5]["Channel-Name"]); // the callee hangs up first
    }

    [Fact]
    public async Task No_answer_ends_at_originate_timeout_and_the_far_leg_is_cancelled_after_the_job()
    {
        var clock = new TestClock { VirtualTimers = true };
        var (fs, client) = await StartLabAsync(clock);
        await using var _ = fs;
        await using var __ = client;

        var (body, events) = await OriginateAsync(client, "{originate_timeout=4}sofia/gateway/trunk/601100480 &park", after: 3);

        Assert.Equal("-ERR NO_ANSWER\n", body);
        Assert.Equal(
            "CHANNEL_CREATE CHANNEL_CREATE CHANNEL_PROGRESS CHANNEL_PROGRESS CHANNEL_HANGUP BACKGROUND_JOB CHANNEL_HANGUP_COMPLETE CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE",
            string.Join(" ", events.Select(e => e.RawName)));
        Assert.Equal("NO_ANSWER", events[6]["Hangup-Cause"]);
        Assert.Equal("ORIGINATOR_CANCEL", events[8]["Hangup-Cause"]);
        Assert.Equal("4", events[6]["variable_duration"]);
    }

    [Fact]
    public async Task Failover_legs_one_shared_uuid_fails_as_a_duplicate_and_one_uuid_per_leg_answers_with_the_second()
    {
        var (fs, client) = await StartLabAsync();
        await using var _ = fs;
        await using var __ = client;
        string[] lines = [.. EslKit.Tests.Support.Fixtures.ReadText("freeswitch-calls/failover-uuid.client.txt").Split('\n').Where(l => l.StartsWith("bgapi originate ", StringComparison.Ordinal)).Select(l => l["bgapi originate ".Length..])];

        var (shared, sharedEvents) = await OriginateAsync(client, lines[0]);
        Assert.Equal("-ERR DESTINATION_OUT_OF_ORDER\n", shared);
        Assert.Single(sharedEvents, e => e.RawName == "CHANNEL_CREATE"); // the second leg never existed

        var (perLeg, _) = await OriginateAsync(client, lines[1]);
        Assert.Equal("+OK bbefcc84-cda5-40e7-884b-d7c4dfd0518b\n", perLeg);
        Assert.Equal("true", await fs.ExecuteApiAsync("uuid_exists bbefcc84-cda5-40e7-884b-d7c4dfd0518b"));
        Assert.Equal("false", await fs.ExecuteApiAsync("uuid_exists d8482845-9ce7-46a8-aa79-5c5bd67e4683"));
        Assert.Equal("+OK\n", await fs.ExecuteApiAsync("uuid_kill bbefcc84-cda5-40e7-884b-d7c4dfd0518b"));
        Assert.Equal("false", await fs.ExecuteApiAsync("uuid_exists bbefcc84-cda5-40e7-884b-d7c4dfd0518b"));
        Assert.Equal(1, fs.Calls.DialsByUuid[Guid.Parse("bbefcc84-cda5-40e7-884b-d7c4dfd0518b")]);
        Assert.Equal(3, fs.Calls.DialsByNumber["601100002"]);
    }

    [Fact]
    public async Task Digest_accounts_accept_the_hostile_password_refuse_a_wrong_one_and_never_one_with_a_colon()
    {
        var (fs, client) = await StartLabAsync();
        await using var _ = fs;
        await using var __ = client;
        fs.Calls.AddHost("10.9.9.9:5060").AddAccount("tenant", "a:b");

        var (ok, _) = await OriginateAsync(client, "<sip_auth_username=601548732123,sip_auth_password=p\\,a}s{s\\'w\"o\\srd=^^x>sofia/external/601100002@127.0.0.1:5090 &park");
        Assert.StartsWith("+OK ", ok, StringComparison.Ordinal);
        var (wrong, events) = await OriginateAsync(client, "<sip_auth_username=601548732122,sip_auth_password=wrong-password>sofia/external/601100002@127.0.0.1:5090 &park", after: 2);
        Assert.Equal("sofia/carrier/0000000000@127.0.0.1", events[^1]["Channel-Name"]); // the carrier's end of the challenge, after the job
        Assert.Equal("-ERR CALL_REJECTED\n", wrong);
        Assert.Equal("403", events.Last(e => e.RawName == "CHANNEL_HANGUP_COMPLETE" && e["Channel-Name"]!.StartsWith("sofia/external/", StringComparison.Ordinal))["variable_sip_term_status"]);
        var (colon, _) = await OriginateAsync(client, "{sip_auth_username=tenant,sip_auth_password=a:b}sofia/external/601100002@10.9.9.9:5060 &park");
        Assert.Equal("-ERR CALL_REJECTED\n", colon);
    }

    [Fact]
    public async Task Gateways_unknown_down_and_their_status_text()
    {
        var (fs, client) = await StartLabAsync();
        await using var _ = fs;
        await using var __ = client;

        Assert.Equal("-ERR INVALID_GATEWAY\n", (await OriginateAsync(client, "sofia/gateway/nosuchgw/601100003 &park")).Body);
        await fs.Calls.SetGatewayDownAsync("trunk");
        Assert.Equal("-ERR GATEWAY_DOWN\n", (await OriginateAsync(client, "sofia/gateway/trunk/601100003 &park")).Body);
        string down = await fs.ExecuteApiAsync("sofia status gateway trunk");
        Assert.Contains("State   \tDOWN\n", down, StringComparison.Ordinal);
        Assert.Contains("Status  \tDOWN\n", down, StringComparison.Ordinal);
        Assert.Contains("FailedCallsOUT\t1\n", down, StringComparison.Ordinal);
        await fs.Calls.SetGatewayUpAsync("trunk");
        Assert.Contains("Status  \tUP\n", await fs.ExecuteApiAsync("sofia status gateway trunk"), StringComparison.Ordinal);
        Assert.Equal("Invalid Gateway!\n", await fs.ExecuteApiAsync("sofia status gateway nosuchgw"));
    }

    [Fact]
    public async Task Sessions_per_second_refuse_with_destination_out_of_order_as_in_the_throttle_capture()
    {
        var clock = new TestClock();
        var (fs, client) = await StartLabAsync(clock);
        await using var _ = fs;
        await using var __ = client;
        Assert.Equal("+OK sessions per second: 2\n", (await client.CommandAsync("api fsctl sps 2")).BodyText);
        // fsctl sps changes the total only: the running second keeps its allowance (1000 here) until the timer's next second.
        Assert.StartsWith("+OK ", (await OriginateAsync(client, "sofia/gateway/trunk/601100001 &park")).Body, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(1));

        var bodies = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            bodies.Add((await OriginateAsync(client, "sofia/gateway/trunk/601100001 &park")).Body);
        }

        // sps 2 lets one session through a second; the far leg on this switch is refused too, so the carrier answers 503.
        Assert.Equal(["-ERR NORMAL_TEMPORARY_FAILURE\n", "-ERR DESTINATION_OUT_OF_ORDER\n", "-ERR DESTINATION_OUT_OF_ORDER\n", "-ERR DESTINATION_OUT_OF_ORDER\n"], bodies);
        Assert.Equal("+OK sessions per second: 1000\n", await fs.ExecuteApiAsync("fsctl sps 1000"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.StartsWith("+OK ", (await OriginateAsync(client, "sofia/gateway/trunk/601100001 &park")).Body, StringComparison.Ordinal);
        Assert.Equal(4, fs.Calls.MaxOriginatesPerSecond); // four in the throttled second, one in each of the others
        Assert.Contains("out of max 1000", await fs.ExecuteApiAsync("status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_originate_is_counted_when_it_arrives_not_when_its_job_gets_to_run()
    {
        // A loaded switch (or test process) can start a bgapi job long after the command came in: counting it then
        // would squeeze originates sent seconds apart into one and blame the client for the switch's own lag.
        var clock = new TestClock();
        var (fs, first) = await StartLabAsync(clock);
        await using var _ = fs;
        await using var __ = first;
        await using var second = await RawClient.ConnectAuthenticatedAsync(fs);
        using var release = new ManualResetEventSlim();
        fs.OnApi("hold", (_, ct) =>
        {
            release.Wait(TimeSpan.FromSeconds(30), ct); // blocks this job's thread, so the connection's next job waits
            return ValueTask.FromResult("+OK held\n");
        });

        Assert.StartsWith("+OK Job-UUID: ", (await first.CommandAsync("bgapi hold")).ReplyText, StringComparison.Ordinal);
        var arrived = clock.GetUtcNow();
        Assert.StartsWith("+OK Job-UUID: ", (await first.CommandAsync("bgapi originate sofia/gateway/trunk/601100001 &park")).ReplyText, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.StartsWith("+OK ", (await second.CommandAsync("api originate sofia/gateway/trunk/601100002 &park")).BodyText, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.StartsWith("+OK ", (await second.CommandAsync("api originate sofia/gateway/trunk/601100003 &park")).BodyText, StringComparison.Ordinal);
        release.Set();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (fs.Calls.Originates.Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        var originates = fs.Calls.Originates;
        Assert.Equal(3, originates.Count);
        var held = Assert.Single(originates, o => o.JobUuid is not null);
        Assert.Equal(arrived, held.ReceivedAt);
        Assert.Equal(
            [arrived + TimeSpan.FromSeconds(1.5), arrived + TimeSpan.FromSeconds(1.7)],
            originates.Where(o => o.JobUuid is null).Select(o => o.ReceivedAt));
        Assert.Equal(2, fs.Calls.MaxOriginatesPerSecond); // 1.5 s and 1.7 s; the held one came in 1.5 s before them
    }

    [Fact]
    public async Task Max_sessions_refuse_and_statistics_count_concurrency_per_tenant_and_gateway()
    {
        var (fs, client) = await StartLabAsync(configure: o => o.MaxSessions = 4);
        await using var _ = fs;
        await using var __ = client;
        fs.Calls.DefaultOutcome = EslCallOutcome.NeverHangUp();

        string First() => "sofia/gateway/trunk/601100999 &park";
        Assert.StartsWith("+OK ", (await OriginateAsync(client, "{eslkit_tenant=7}" + First())).Body, StringComparison.Ordinal);
        Assert.StartsWith("+OK ", (await OriginateAsync(client, "{eslkit_tenant=8}" + First())).Body, StringComparison.Ordinal);
        Assert.Equal("-ERR DESTINATION_OUT_OF_ORDER\n", (await OriginateAsync(client, "{eslkit_tenant=7}" + First())).Body); // 4 channels: 2 calls, 2 far legs
        Assert.Equal("\n4 total.\n", await fs.ExecuteApiAsync("show channels count"));
        Assert.Equal(2, fs.Calls.ActiveCalls);
        Assert.Equal(1, fs.Calls.ActiveCallsWith("eslkit_tenant", "7"));
        Assert.Equal(new Dictionary<string, int> { ["7"] = 1, ["8"] = 1 }, fs.Calls.MaxConcurrentByVariable("eslkit_tenant"));
        Assert.Equal(2, fs.Calls.MaxConcurrentByGateway()["trunk"]);
        var heartbeat = fs.CreateHeartbeat();
        Assert.Equal("4", heartbeat.GetHeader("Session-Count"));
        Assert.Equal("4", heartbeat.GetHeader("Max-Sessions"));
        string channels = await fs.ExecuteApiAsync("show channels");
        Assert.StartsWith("uuid,direction,created,", channels, StringComparison.Ordinal);
        Assert.EndsWith("\n4 total.\n", channels, StringComparison.Ordinal);
        Assert.Equal(3, fs.Calls.Originates.Count);
    }

    [Fact]
    public async Task Socket_connects_to_the_outbound_server_with_the_channel_variables_and_the_callee_hangup_reaches_it()
    {
        var (fs, client) = await StartLabAsync();
        await using var _ = fs;
        await using var __ = client;
        using var server = new RawServer();
        fs.Calls.SetOutcome("601100009", EslCallOutcome.Answer(talkTime: TimeSpan.FromSeconds(1)));
        var uuid = Guid.NewGuid();
        var accept = server.AcceptAsync(TimeSpan.FromSeconds(20));

        var (body, _) = await OriginateAsync(client, $"{{origination_uuid={uuid},eslkit_call_id=c9,eslkit_tenant=7}}sofia/gateway/trunk/601100009 &socket({server.EndPoint.Address}:{server.EndPoint.Port}\\sasync\\sfull)");
        Assert.Equal($"+OK {uuid}\n", body);

        await using var session = await accept;
        var connect = await session.CommandAsync("connect");
        Assert.Equal(uuid.ToString(), connect["Unique-ID"]);
        Assert.Equal("c9", connect["variable_eslkit_call_id"]);
        Assert.Equal("async", connect["Socket-Mode"]);
        Assert.Equal("full", connect["Control"]);
        Assert.Equal("answered", connect["Answer-State"]);
        Assert.Equal("+OK will linger", (await session.CommandAsync("linger")).ReplyText);
        Assert.Equal("+OK Events Enabled", (await session.CommandAsync("myevents")).ReplyText);

        var frames = await session.ReadFramesUntilAsync(f => f.ContentType == EslContentType.DisconnectNotice, TimeSpan.FromSeconds(20));
        Assert.Contains(frames, f => f.Event?.RawName == "CHANNEL_HANGUP" && f.Event["Hangup-Cause"] == "NORMAL_CLEARING");
        var inbound = await client.ReadFramesUntilAsync(f => f.Event?.RawName == "CHANNEL_HANGUP_COMPLETE" && f.Event["Unique-ID"] == uuid.ToString(), TimeSpan.FromSeconds(20));
        Assert.Contains(inbound, f => f.Event?.RawName == "CHANNEL_HANGUP_COMPLETE" && f.Event["Channel-Name"]!.StartsWith("sofia/carrier/", StringComparison.Ordinal));
        Assert.Equal(0, await WaitForAsync(() => fs.Calls.ActiveCalls, 0));
    }

    [Fact]
    public async Task Originate_log_masks_secrets_when_rendered()
    {
        var (fs, client) = await StartLabAsync(configure: o => o.SecretVariables.Add("api_key"));
        await using var _ = fs;
        await using var __ = client;

        await OriginateAsync(client, "{sip_auth_password=hunter2,api_key=k3y,eslkit_tenant=7}sofia/gateway/trunk/601100486 &park");

        var record = Assert.Single(fs.Calls.Originates);
        Assert.Contains("hunter2", record.Arguments, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", record.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("k3y", record.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("-> -ERR USER_BUSY", record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simultaneous_legs_the_first_to_answer_wins_and_the_others_lose_the_race()
    {
        var (fs, client) = await StartLabAsync();
        await using var _ = fs;
        await using var __ = client;
        fs.Calls.FarEndLegs = false;
        fs.Calls.SetOutcome("1001", EslCallOutcome.Answer(TimeSpan.FromSeconds(20)));
        fs.Calls.SetOutcome("1002", EslCallOutcome.Answer(TimeSpan.FromMilliseconds(200)));
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();

        var (body, events) = await OriginateAsync(client, $"[origination_uuid={a}]sofia/gateway/trunk/1001,[origination_uuid={b}]sofia/gateway/trunk/1002 &park");

        Assert.Equal($"+OK {b}\n", body);
        Assert.Contains(events, e => e.RawName == "CHANNEL_HANGUP_COMPLETE" && e["Unique-ID"] == a.ToString() && e["Hangup-Cause"] == "LOSE_RACE");
    }

    private static async Task<int> WaitForAsync(Func<int> value, int expected)
    {
        for (int i = 0; i < 200 && value() != expected; i++)
        {
            await Task.Delay(50);
        }

        return value();
    }
}
