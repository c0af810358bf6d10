using System.Diagnostics;
using System.Net;
using EslKit.Commands;
using EslKit.Protocol;
using Xunit.Abstractions;

namespace EslKit.Testing.Tests;

/// <summary>EslKit's outbound server driven by the emulator's outbound calls over 127.0.0.1.</summary>
public sealed class OutboundServerIntegrationTests(ITestOutputHelper output)
{
    private static EslOutboundServerOptions ServerOptions() => new()
    {
        Port = 0,
        CommandTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task A_session_connects_answers_plays_and_hangs_up()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var result = new TaskCompletionSource<(EslChannelData Channel, EslExecuteResult Answer, EslExecuteResult Playback, EslEvent Complete, bool HungUp)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(ServerOptions(), async (session, ct) =>
        {
            try
            {
                var answered = session.WaitForEventAsync(EslEventName.ChannelAnswer, ct);
                var answer = await session.ExecuteAsync("answer", cancellationToken: ct);
                await answered;
                var playback = await session.ExecuteAsync("playback", "tone_stream://%(200,0,440)", ct);
                var complete = session.WaitForEventAsync(EslEventName.ChannelHangupComplete, ct);
                await session.HangupAsync("NORMAL_CLEARING", ct);
                var hangupComplete = await complete;
                bool hungUp = session.IsHungUp;

                // The token is cancelled off the read loop, so it may trail the events by a moment.
                await Task.Delay(Timeout.Infinite, session.HangupToken).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
                result.TrySetResult((session.Channel, answer, playback, hangupComplete, hungUp && session.HangupToken.IsCancellationRequested));
            }
            catch (Exception ex)
            {
                result.TrySetException(ex);
            }
        });
        await server.StartAsync();

        var options = new EslOutboundCallOptions { Direction = "outbound", DestinationNumber = "60123456789" };
        options.Variables.Add(new("eslkit_call_id", "call-7"));
        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, options);
        var (channel, answer, playback, complete, hungUp) = await result.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(call.UniqueId, channel.UniqueId);
        Assert.True(channel.IsAsync && channel.IsFull);
        Assert.Equal("60123456789", channel.DestinationNumber);
        Assert.Equal("call-7", channel.GetVariable("eslkit_call_id"));
        Assert.Equal("answer", answer.Application);
        Assert.Equal("_none_", answer.Response);
        Assert.Equal("playback", playback.Application);
        Assert.Equal("FILE PLAYED", playback.Response);
        Assert.Equal(playback.ApplicationUuid.ToString(), call.Applications[1].ApplicationUuid);
        Assert.Equal("NORMAL_CLEARING", complete["Hangup-Cause"]);
        Assert.NotNull(complete["variable_billmsec"]);
        Assert.True(hungUp);

        await call.WaitForCompletionAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["connect", "myevents", "linger", "sendmsg", "sendmsg", "sendmsg", "exit"], call.ReceivedCommands.Select(c => c.Command));
        Assert.Equal(EslConnectionEnd.Exit, call.EndReason);
        Assert.Empty(fs.HandlerErrors);
    }

    [Fact]
    public async Task Without_full_linger_and_api_throw_the_mode_error_and_raw_linger_is_not_found()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var result = new TaskCompletionSource<(Exception Linger, Exception Api, string? Raw)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(ServerOptions(), async (session, ct) =>
        {
            try
            {
                var linger = await Assert.ThrowsAnyAsync<Exception>(() => session.LingerAsync(cancellationToken: ct));
                var api = await Assert.ThrowsAnyAsync<Exception>(() => session.ApiAsync("status", cancellationToken: ct));
                var raw = await session.SendAsync(EslCommands.Linger(), ct);
                result.TrySetResult((linger, api, raw.ReplyText));
            }
            catch (Exception ex)
            {
                result.TrySetException(ex);
            }
        });
        await server.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, new EslOutboundCallOptions { Full = false });
        var (linger, api, raw) = await result.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.IsType<EslModeException>(linger);
        Assert.IsType<EslModeException>(api);
        Assert.Equal("-ERR command not found", raw);
        await call.WaitForCompletionAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["connect", "myevents", "linger", "exit"], call.ReceivedCommands.Select(c => c.Command)); // only the raw linger went out
    }

    [Fact]
    public async Task A_far_end_hangup_fires_the_hangup_token_and_the_cleanup_runs_once()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        int cleanups = 0;
        var hungUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(ServerOptions(), async (session, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, session.HangupToken);
            }
            catch (OperationCanceledException)
            {
                hungUp.TrySetResult();
            }
            finally
            {
                Interlocked.Increment(ref cleanups);
            }
        });
        await server.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        await call.WaitForCommandAsync("linger", TimeSpan.FromSeconds(20));
        await call.HangupAsync("NORMAL_CLEARING");

        await hungUp.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await call.WaitForCompletionAsync(TimeSpan.FromSeconds(20));
        await WaitUntilAsync(() => server.ActiveSessions == 0);
        Assert.Equal(1, Volatile.Read(ref cleanups));
    }

    [Fact]
    public async Task An_abrupt_drop_mid_execute_fails_it_with_connection_lost()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var failure = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        int cleanups = 0;
        await using var server = new EslOutboundServer(ServerOptions(), async (session, ct) =>
        {
            try
            {
                await session.ExecuteAsync("playback", "long.wav", ct);
                failure.TrySetResult(null);
            }
            catch (Exception ex)
            {
                failure.TrySetResult(ex);
            }
            finally
            {
                Interlocked.Increment(ref cleanups);
            }
        });
        await server.StartAsync();

        var options = new EslOutboundCallOptions();
        options.PlaybackDurations["long.wav"] = TimeSpan.FromMinutes(5);
        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, options);
        await fs.WaitUntilAsync(() => call.Applications.Count == 1, () => "the playback to start", TimeSpan.FromSeconds(20), CancellationToken.None);
        await call.DropAsync();

        Assert.IsType<EslConnectionLostException>(await failure.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        await WaitUntilAsync(() => server.ActiveSessions == 0);
        Assert.Equal(1, Volatile.Read(ref cleanups));

        // The switch's side, as FreeSWITCH: the channel thread is inside the playback, which goes on to its end;
        // only then does the park loop see the socket gone and the call end.
        Assert.False(call.IsHungUp);
        Assert.Equal(EslConnectionEnd.Dropped, call.EndReason);
        await call.HangupAsync();
        await call.WaitForCompletionAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("PLAYBACK ERROR", call.Applications.Single().Response);
    }

    [Fact]
    public async Task A_thousand_concurrent_calls_all_complete()
    {
        const int Count = 1000;
        await using var fs = await EslSwitchEmulator.StartAsync();
        int started = 0;
        int finished = 0;
        var allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var options = ServerOptions();
        await using var server = new EslOutboundServer(options, async (session, ct) =>
        {
            try
            {
                if (Interlocked.Increment(ref started) == Count)
                {
                    allIn.TrySetResult();
                }

                await allIn.Task.WaitAsync(ct); // every call is up at the same time
                var answer = await session.ExecuteAsync("answer", cancellationToken: ct);
                Assert.Equal("_none_", answer.Response);
                var playback = await session.ExecuteAsync("playback", "tone_stream://%(20,0,440)", ct);
                Assert.Equal("FILE PLAYED", playback.Response);
                var complete = session.WaitForEventAsync(EslEventName.ChannelHangupComplete, ct);
                await session.HangupAsync(cancellationToken: ct);
                Assert.Equal("NORMAL_CLEARING", (await complete)["Hangup-Cause"]);
                Interlocked.Increment(ref finished);
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        });
        await server.StartAsync();

        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var calls = await fs.ConnectOutboundManyAsync(server.LocalEndPoint, Count);
        await allIn.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var connected = watch.Elapsed;
        long memoryAllUp = GC.GetTotalMemory(forceFullCollection: true);
        await Task.WhenAll(calls.Select(c => c.Completion)).WaitAsync(TimeSpan.FromSeconds(120));
        var done = watch.Elapsed;

        Assert.Empty(failures);
        Assert.Equal(Count, Volatile.Read(ref finished));
        Assert.All(calls, c => Assert.Equal("NORMAL_CLEARING", c.HangupCause));
        Assert.Empty(fs.HandlerErrors);
        output.WriteLine(
            $"{Count} calls: all up after {connected.TotalMilliseconds:0} ms, all done after {done.TotalMilliseconds:0} ms " +
            $"({Count / done.TotalSeconds:0} calls/s); managed heap with all up (emulator + EslKit server): {(memoryAllUp - memoryBefore) / Count / 1024.0:0.0} KiB per call");
    }

    [Theory]
    [InlineData(false, EslEventFormat.Plain)]
    [InlineData(true, EslEventFormat.Json)]
    [InlineData(true, EslEventFormat.Xml)]
    public async Task Static_sockets_and_every_event_format_execute_and_complete(bool async, EslEventFormat format)
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var result = new TaskCompletionSource<(EslExecuteResult Set, string? Value, EslExecuteResult Playback)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = ServerOptions();
        options.EventFormat = format;
        await using var server = new EslOutboundServer(options, async (session, ct) =>
        {
            try
            {
                await session.SetVariableAsync("eslkit_state", "a b", ct);
                var set = await session.ExecuteAsync("set", "eslkit_other=1", ct);
                string? value = await session.GetVariableAsync("eslkit_state", ct);
                var playback = await session.ExecuteAsync("playback", "tone_stream://%(100,0,440)", ct);
                result.TrySetResult((set, value, playback));
            }
            catch (Exception ex)
            {
                result.TrySetException(ex);
            }
        });
        await server.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, new EslOutboundCallOptions { Async = async });
        var (set, value, playback) = await result.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("_none_", set.Response);
        Assert.Equal("a b", value);
        Assert.Equal("FILE PLAYED", playback.Response);
        await call.WaitForCompletionAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(format == EslEventFormat.Plain ? "myevents" : "myevents " + format.ToString().ToLowerInvariant(), call.ReceivedCommands[1].Command);
    }

    [Fact]
    public async Task An_application_freeswitch_does_not_have_fails_the_execute_with_the_hangup()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var failure = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(ServerOptions(), async (session, ct) =>
        {
            try
            {
                await session.ExecuteAsync("nosuchapp", "x", ct);
                failure.TrySetResult(null);
            }
            catch (Exception ex)
            {
                failure.TrySetResult(ex);
            }
        });
        await server.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        Assert.IsType<EslChannelHungUpException>(await failure.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("DESTINATION_OUT_OF_ORDER", await call.WaitForHangupAsync());
        await call.WaitForCompletionAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Calls_past_max_sessions_are_refused_and_the_channel_hangs_up()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = ServerOptions();
        options.MaxSessions = 1;
        await using var server = new EslOutboundServer(options, (session, ct) => release.Task.WaitAsync(ct));
        await server.StartAsync();

        var first = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        await first.WaitForConnectAsync(TimeSpan.FromSeconds(20));
        var second = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        await second.WaitForCompletionAsync(TimeSpan.FromSeconds(20));
        Assert.False(second.IsConnected);
        Assert.Equal("NORMAL_CLEARING", second.HangupCause);
        Assert.False(first.IsHungUp);

        release.TrySetResult();
        await first.WaitForCompletionAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// FreeSWITCH may send the linger notice before the rest of the hangup (the 2015 capture session-5 has
    /// CHANNEL_EXECUTE_COMPLETE after it): an application interrupted by the hangup still completes, and its
    /// CHANNEL_EXECUTE_COMPLETE arrives after the notice. EslOutboundSession fails every pending execute at the
    /// linger notice, so ExecuteAsync throws EslChannelHungUpException ("the application did not complete")
    /// although the completion with its Application-UUID is on its way.
    /// </summary>
    [Fact]
    public async Task An_execute_interrupted_by_a_hangup_completes_even_when_the_linger_notice_comes_first()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var outcome = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(ServerOptions(), async (session, ct) =>
        {
            try
            {
                outcome.TrySetResult(await session.ExecuteAsync("bridge", "sofia/gateway/trunk/60123456789", ct));
            }
            catch (Exception ex)
            {
                outcome.TrySetResult(ex);
            }
        });
        await server.StartAsync();

        var options = new EslOutboundCallOptions { LingerNotice = EslLingerNoticePlacement.AfterHangup };
        options.Applications["bridge"] = async (app, ct) =>
        {
            try
            {
                await app.DelayAsync(TimeSpan.FromMinutes(5), ct); // bridged until the caller hangs up
            }
            catch (OperationCanceledException)
            {
                await Task.Delay(300, CancellationToken.None); // tearing the other leg down takes a moment
            }

            return "NORMAL_CLEARING";
        };
        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, options);
        await fs.WaitUntilAsync(() => call.Applications.Count == 1, () => "the bridge to start", TimeSpan.FromSeconds(20), CancellationToken.None);
        await call.HangupAsync("NORMAL_CLEARING");

        // The emulator's order, as FreeSWITCH may send it: HANGUP, the linger notice, then the bridge's EXECUTE_COMPLETE.
        var result = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await call.WaitForApplicationAsync("bridge");
        var completed = Assert.IsType<EslExecuteResult>(result); // today: EslChannelHungUpException
        Assert.Equal("NORMAL_CLEARING", completed.Response);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
