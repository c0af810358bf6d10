using System.Text;
using EslKit.Protocol;
using EslKit.Testing.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>api, bgapi, sendmsg and sendevent as mod_event_socket runs them.</summary>
public sealed class ApiTests
{
    [Fact]
    public async Task Api_answers_and_substitutions()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.SetApiResponse("show", "scripted\n");
        fs.OnApi("args", (request, _) => ValueTask.FromResult($"[{request.Command}][{request.Arguments}][{request.Argv.Count}]"));
        fs.SetApiResponse("empty", string.Empty);
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);

        Assert.Equal("scripted\n", (await client.CommandAsync("api show calls as json")).BodyText);
        Assert.Equal("[args][a  b][2]", (await client.CommandAsync("api args  a  b ")).BodyText); // trimmed, not collapsed
        Assert.Equal("-ERR no reply\n", (await client.CommandAsync("api empty")).BodyText);
        Assert.Equal("-ERR nosuch Command not found!\n", (await client.CommandAsync("api nosuch with args")).BodyText);
        Assert.Equal("hello", (await client.CommandAsync("api echo hello")).BodyText);
        Assert.Equal("-ERR No such channel!\n", (await client.CommandAsync("api uuid_kill 00000000-0000-0000-0000-000000000000")).BodyText);
        Assert.StartsWith("UP 0 years, 0 days, 0 hours, 0 minutes, ", (await client.CommandAsync("api status")).BodyText, StringComparison.Ordinal);
        Assert.Equal("FreeSWITCH Version 1.11.3-dev~64bit ( 64bit)\n", (await client.CommandAsync("api version")).BodyText);
        Assert.Equal("-ERR command not found", (await client.CommandAsync("api")).ReplyText); // "api " needs its space

        Assert.True(fs.RemoveApi("echo"));
        Assert.Equal("-ERR echo Command not found!\n", (await client.CommandAsync("api echo hi")).BodyText);
        Assert.Equal("-ERR no reply\n", await fs.ExecuteApiAsync("empty"));
    }

    [Fact]
    public async Task A_failing_handler_answers_err_and_is_recorded()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.OnApi("boom", (_, _) => throw new InvalidOperationException("kaput"));
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        Assert.Equal("-ERR InvalidOperationException: kaput\n", (await client.CommandAsync("api boom")).BodyText);
        Assert.IsType<InvalidOperationException>(Assert.Single(fs.HandlerErrors));
    }

    [Fact]
    public async Task Api_blocks_its_connection_so_events_follow_the_response()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.OnApi("slow", async (request, cancellationToken) =>
        {
            await fs.PublishAsync(fs.CreateEvent("CUSTOM", "lab::during"), cancellationToken);
            await Task.Delay(100, cancellationToken);
            return "done\n";
        });
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event plain CUSTOM lab::during");
        await client.SendAsync("api slow\n\n");
        Assert.Equal(EslContentType.ApiResponse, (await client.ReadFrameAsync()).ContentType);
        Assert.Equal("lab::during", (await client.ReadFrameAsync()).Event!.Subclass);
    }

    [Fact]
    public async Task Bgapi_reply_precedes_its_job_with_the_client_s_job_uuid()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.OnApi("originate", (request, _) => ValueTask.FromResult("+OK " + request.JobUuid + "\n"));
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event plain BACKGROUND_JOB");

        await client.SendAsync("bgapi originate sofia/gw/1 &park\njob-uuid: 0123456789abcdef0123456789abcdef0123456789\n\n");
        var reply = await client.ReadFrameAsync();
        Assert.Equal("+OK Job-UUID: 0123456789abcdef0123456789abcdef0123", reply.ReplyText); // cut to 36 bytes
        Assert.Equal("0123456789abcdef0123456789abcdef0123", reply["Job-UUID"]);
        var job = (await client.ReadFrameAsync()).Event!;
        Assert.Equal("BACKGROUND_JOB", job.RawName);
        Assert.Equal(reply["Job-UUID"], job["Job-UUID"]);
        Assert.Equal("originate", job["Job-Command"]);
        Assert.Equal("sofia/gw/1 &park", job["Job-Command-Arg"]);
        Assert.Equal("+OK " + reply["Job-UUID"] + "\n", job.BodyText);

        // Without arguments there is no Job-Command-Arg; an empty result is an empty (not a "no reply") body.
        fs.SetApiResponse("quiet", string.Empty);
        await client.SendAsync("bgapi quiet\n\n");
        var generated = await client.ReadFrameAsync();
        Assert.True(Guid.TryParse(generated["Job-UUID"], out _));
        var quiet = await client.ReadFrameAsync();
        Assert.Null(quiet.Event!["Job-Command-Arg"]);
        Assert.Equal(0, quiet.Event.Body.Length);
        Assert.EndsWith("Job-Command: quiet\n\n", quiet.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_pipelined_bgapis_each_get_their_reply_before_their_job()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.OnApi("work", async (request, cancellationToken) =>
        {
            await Task.Yield();
            return request.Arguments;
        });
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event json BACKGROUND_JOB");
        var batch = new StringBuilder();
        for (int i = 0; i < 1000; i++)
        {
            batch.Append($"bgapi work {i}\nJob-UUID: job-{i}\n\n");
        }

        await client.SendAsync(batch.ToString());
        var replied = new HashSet<string>();
        int nextReply = 0;
        int jobs = 0;
        while (jobs < 1000 || nextReply < 1000)
        {
            var frame = await client.ReadFrameAsync();
            if (frame.ContentType == EslContentType.CommandReply)
            {
                Assert.Equal($"job-{nextReply}", frame["Job-UUID"]); // replies in command order
                replied.Add($"job-{nextReply++}");
            }
            else
            {
                string id = frame.Event!["Job-UUID"]!;
                Assert.Contains(id, replied); // never before its reply
                Assert.Equal(id["job-".Length..], frame.Event.BodyText);
                jobs++;
            }
        }
    }

    [Fact]
    public async Task Api_events_take_a_sequence_number_before_the_job()
    {
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { FirstEventSequence = 100 });
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event plain API BACKGROUND_JOB");
        await client.SendAsync("bgapi status\n\n");
        var frames = new[] { await client.ReadFrameAsync(), await client.ReadFrameAsync(), await client.ReadFrameAsync() };
        var api = frames.Single(f => f.Event?.RawName == "API").Event!;
        var job = frames.Single(f => f.Event?.RawName == "BACKGROUND_JOB").Event!;
        Assert.Equal("100", api["Event-Sequence"]);
        Assert.Equal("status", api["API-Command"]);
        Assert.Null(api["API-Command-Argument"]);
        Assert.Equal("101", job["Event-Sequence"]);
    }

    [Fact]
    public async Task Unload_or_reload_of_mod_event_socket_anywhere_in_a_packet_becomes_a_bgapi()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        var response = await client.CommandAsync("api status\nX-Note: please RELOAD Mod_Event_Socket");
        Assert.Equal(EslContentType.ApiResponse, response.ContentType);
        Assert.StartsWith("+OK Job-UUID: ", response.BodyText, StringComparison.Ordinal);
        Assert.Equal("api status", (await fs.WaitForAuthenticatedConnectionAsync()).ReceivedCommands[^1].Command);
    }

    [Fact]
    public async Task Sendmsg_reaches_emulated_channels()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var channel = fs.AddChannel();
        var executed = new TaskCompletionSource<EslReceivedCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        fs.OnSendMessage(async (target, message, cancellationToken) =>
        {
            await fs.PublishAsync(fs.CreateChannelEvent("CHANNEL_EXECUTE", target).AddHeader("Application", message["execute-app-name"]!), cancellationToken);
            executed.TrySetResult(message);
        });
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event plain CHANNEL_EXECUTE");
        Assert.Equal("-ERR invalid session id []", (await client.CommandAsync("sendmsg")).ReplyText);
        Assert.Equal("+OK", (await client.CommandAsync($"sendmsg\nsession-id: {channel.UniqueId}\ncall-command: execute\nexecute-app-name: answer")).ReplyText);
        Assert.Equal("answer", (await executed.Task.WaitAsync(TimeSpan.FromSeconds(5)))["execute-app-name"]);
        Assert.Equal("answer", (await client.ReadFrameAsync()).Event!["Application"]);
        Assert.Single(channel.ReceivedMessages);
    }

    [Fact]
    public async Task Sendevent_with_a_live_unique_id_goes_to_that_session_not_to_listeners()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var channel = fs.AddChannel();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event plain ALL");
        var reply = await client.CommandAsync($"sendevent CUSTOM\nEvent-Subclass: lab::x\nUnique-ID: {channel.UniqueId}");
        Assert.StartsWith("+OK ", reply.ReplyText, StringComparison.Ordinal);
        Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(100)));
        var queued = Assert.Single(channel.QueuedEvents);
        Assert.Equal("lab::x", queued.Subclass);
    }

    [Fact]
    public async Task Sendevent_of_an_unknown_name_is_a_custom_event_without_subclass()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event plain CUSTOM other::one");
        await client.CommandAsync("sendevent MY_OWN_THING\nEvent-Subclass: lab::x\nEvent-Name: fake");
        var ev = (await client.ReadFrameAsync()).Event!;
        Assert.Equal(["Command", "Event-Subclass", "Event-Name", "Event-UUID", "Event-Name"], ev.Headers.Take(5).Select(h => h.Key));
        Assert.Equal("fake", ev.RawName); // the client's Event-Name comes first
        Assert.Equal("CUSTOM", ev.Headers[4].Value);
    }
}
