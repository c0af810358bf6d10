using System.Net;
using System.Net.Sockets;
using EslKit.Protocol;
using EslKit.Testing;
using EslKit.Tests.Support;

namespace EslKit.Tests.Outbound;

/// <summary>The outbound server against calls the emulator places, over loopback.</summary>
public sealed class OutboundServerTests
{
    private static EslOutboundServerOptions Options(IPAddress? address = null) => new()
    {
        Address = (address ?? IPAddress.Loopback).ToString(),
        Port = 0,
        CommandTimeout = TimeSpan.FromSeconds(5),
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task One_failing_handler_does_not_affect_another_session()
    {
        var log = new CollectingLogger<EslOutboundServer>();
        var good = new TaskCompletionSource<EslExecuteResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            if (session.Channel.DestinationNumber == "666")
            {
                throw new InvalidOperationException("handler bug");
            }

            good.TrySetResult(await session.ExecuteAsync("answer", cancellationToken: ct));
        }, log);
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var failing = await fs.ConnectOutboundAsync(server.LocalEndPoint, new EslOutboundCallOptions { DestinationNumber = "666" });
        var working = await fs.ConnectOutboundAsync(server.LocalEndPoint, new EslOutboundCallOptions { DestinationNumber = "700" });

        Assert.Equal("answer", (await good.Task.WaitAsync(TimeSpan.FromSeconds(10))).Application);
        await failing.WaitForCompletionAsync();
        await working.WaitForCompletionAsync();
        Assert.Contains(log.Lines, l => l.EventId == 1103 && l.Text.Contains("handler bug", StringComparison.Ordinal));
        Assert.True(working.IsAnswered);
        await WaitUntilAsync(() => server.ActiveSessions == 0);
    }

    [Fact]
    public async Task Peers_outside_the_allow_list_are_refused_at_once()
    {
        var options = Options();
        options.AllowedPeers = "10.0.0.0/8, 192.0.2.7";
        int handled = 0;
        await using var server = new EslOutboundServer(options, (_, _) =>
        {
            Interlocked.Increment(ref handled);
            return Task.CompletedTask;
        });
        await server.StartAsync();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.LocalEndPoint.Port);

        var buffer = new byte[16];
        int read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, read); // closed without a word
        Assert.Equal(0, handled);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("freeswitch.example.com")]
    public void A_bad_allow_list_entry_is_refused_at_construction(string entry)
    {
        var options = Options();
        options.AllowedPeers = "127.0.0.1, " + entry;

        var error = Assert.ThrowsAny<ArgumentException>(() => new EslOutboundServer(options, (_, _) => Task.CompletedTask));

        Assert.Contains(entry, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_drains_running_sessions_then_closes_the_stragglers()
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new CountdownEvent(2);
        var options = Options();
        options.ShutdownTimeout = TimeSpan.FromSeconds(2);
        await using var server = new EslOutboundServer(options, async (session, ct) =>
        {
            started.Signal();
            if (session.Channel.DestinationNumber == "quick")
            {
                await Task.Delay(100, CancellationToken.None);
                finished.TrySetResult();
                return;
            }

            await Task.Delay(Timeout.Infinite, ct); // only the connection closing ends this one
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();
        await fs.ConnectOutboundAsync(server.LocalEndPoint, new EslOutboundCallOptions { DestinationNumber = "quick" });
        var stuck = await fs.ConnectOutboundAsync(server.LocalEndPoint, new EslOutboundCallOptions { DestinationNumber = "stuck" });
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await server.StopAsync();

        Assert.True(finished.Task.IsCompleted, "the quick session finished during the drain");
        Assert.InRange(stopping.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        Assert.Equal(0, server.ActiveSessions);
        await stuck.WaitForCompletionAsync();
        using var late = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAnyAsync<SocketException>(() => late.ConnectAsync(IPAddress.Loopback, server.LocalEndPoint.Port));
    }

    [Fact]
    public async Task Ipv6_loopback_works()
    {
        var options = Options(IPAddress.IPv6Loopback);
        var answered = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(options, async (session, ct) =>
        {
            await session.ExecuteAsync("answer", cancellationToken: ct);
            answered.TrySetResult(session.UniqueId);
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint);

        Assert.Equal(call.UniqueId, await answered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(AddressFamily.InterNetworkV6, server.LocalEndPoint.AddressFamily);
    }

    [Fact]
    public async Task Dtmf_variables_and_api_work_over_a_full_session()
    {
        var result = new TaskCompletionSource<(string Digits, string? Campaign, string? Set, string Api, string? Unset)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            try
            {
                await session.ExecuteAsync("answer", cancellationToken: ct);
                steps.Enqueue("answered");
                var digits = new List<string?>();
                await using (var dtmf = session.OpenEventStream(EslEventSelector.ForNames(EslEventName.Dtmf)))
                {
                    await session.SetVariableAsync("ready_for_digits", "yes", ct);
                    steps.Enqueue("set");
                    await foreach (var e in dtmf.ReadAllAsync(ct))
                    {
                        digits.Add(e["DTMF-Digit"]);
                        if (digits.Count == 3)
                        {
                            break;
                        }
                    }
                }

                steps.Enqueue("digits");
                await session.SetVariableAsync("lab_note", "a b=c & 'q'", ct);
                steps.Enqueue("set2");
                var read = await session.ApiAsync(EslKit.Commands.EslApi.UuidGetVar(session.UniqueId, "lab_note"), ct);
                steps.Enqueue("api");
                result.TrySetResult((string.Concat(digits), session.Channel.GetVariable("campaign_id"), await session.GetVariableAsync("lab_note", ct), read.Body, await session.GetVariableAsync("never_set", ct)));
            }
            catch (Exception ex)
            {
                result.TrySetException(new InvalidOperationException(string.Join(",", steps), ex));
            }
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();
        var options = new EslOutboundCallOptions();
        options.Variables.Add(new("campaign_id", "42"));

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, options);
        await call.WaitForApplicationAsync("set");
        await call.SendDtmfAsync("159");
        var finished = await Task.WhenAny(result.Task, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(finished == result.Task, "steps: " + string.Join(",", steps));
        var (digits, campaign, set, api, unset) = await result.Task;

        Assert.Equal("159", digits);
        Assert.Equal("42", campaign);
        Assert.Equal("a b=c & 'q'", set);
        Assert.Equal("a b=c & 'q'", api);
        Assert.Null(unset);
    }

    [Fact]
    public async Task A_handler_can_ask_for_channel_events_itself_in_json()
    {
        var options = Options();
        options.SubscribeToChannelEvents = false;
        var result = new TaskCompletionSource<(string? Response, EslEventFormat Format)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(options, async (session, ct) =>
        {
            try
            {
                await session.RequestChannelEventsAsync(EslEventFormat.Json, ct);
                var answered = session.WaitForEventAsync(EslEventName.ChannelAnswer, ct);
                var answer = await session.ExecuteAsync("answer", cancellationToken: ct);
                result.TrySetResult((answer.Response, (await answered).Format));
            }
            catch (Exception ex)
            {
                result.TrySetException(ex);
            }
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        var (response, format) = await result.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("_none_", response);
        Assert.Equal(EslEventFormat.Json, format);
        Assert.Contains(call.ReceivedCommands, c => c.Command == "myevents json");
    }

    [Fact]
    public async Task Bgapi_over_a_myevents_session_times_out_typed_when_the_job_event_is_filtered()
    {
        var options = Options();
        options.BackgroundJobTimeout = TimeSpan.FromMilliseconds(500);
        var outcome = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(options, async (session, ct) =>
        {
            try
            {
                await session.BgApiAsync(EslKit.Commands.EslApi.UuidGetVar(session.UniqueId, "x"), ct);
            }
            catch (Exception ex)
            {
                outcome.TrySetResult(ex);
            }
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        await fs.ConnectOutboundAsync(server.LocalEndPoint);

        Assert.IsType<EslKit.EslCommandTimeoutException>(await outcome.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
