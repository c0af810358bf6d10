using System.Collections.Concurrent;
using EslKit.Testing;

namespace EslKit.Tests.Outbound;

/// <summary>
/// WaitForHangupAsync against the emulator's calls: the end of the call arriving before, during and after the
/// wait, with and without linger, without events, on a machine made busy, and with the connection dropping.
/// It must never hang and never lose CHANNEL_HANGUP_COMPLETE when it arrived.
/// </summary>
public sealed class HangupWaitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static EslOutboundServerOptions Options(Action<EslOutboundServerOptions>? configure = null)
    {
        var options = new EslOutboundServerOptions { Port = 0, CommandTimeout = TimeSpan.FromSeconds(30), ShutdownTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task A_wait_started_before_the_hangup_gets_its_cause_and_HANGUP_COMPLETE()
    {
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource<EslHangup>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            var hangup = session.WaitForHangupAsync(ct);
            waiting.TrySetResult();
            ended.TrySetResult(await hangup);
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, new EslOutboundCallOptions { Answered = true });
        await waiting.Task.WaitAsync(Patience);
        await call.HangupAsync("USER_BUSY");
        var result = await ended.Task.WaitAsync(Patience);

        Assert.Same(EslHangupCause.UserBusy, result.Cause);
        Assert.Equal(call.UniqueId, result.UniqueId);
        Assert.NotNull(result.HangupComplete);
        Assert.Equal("USER_BUSY", result.HangupComplete!["Hangup-Cause"]);
        Assert.Equal("17", result.HangupComplete["variable_hangup_cause_q850"]);
        Assert.False(result.ConnectionClosedFirst);
        Assert.True(result.IsReported);
        await call.WaitForCompletionAsync(Patience); // the handler returned, so the session said exit
    }

    [Fact]
    public async Task A_wait_started_after_the_call_ended_completes_at_once_and_so_does_a_late_wait_for_the_event()
    {
        var ended = new TaskCompletionSource<(bool WaitDone, bool EventDone, EslHangup Hangup, EslEvent Complete, EslEvent? Recorded, EslHangupCause? Cause)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            while (session.HangupComplete is null)
            {
                await Task.Delay(10, ct);
            }

            var wait = session.WaitForHangupAsync(ct);
            var complete = session.WaitForEventAsync(EslEventName.ChannelHangupComplete, ct);
            bool waitDone = wait.IsCompleted;
            bool eventDone = complete.IsCompleted;
            ended.TrySetResult((waitDone, eventDone, await wait, await complete, session.HangupComplete, session.HangupCause));
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        await call.WaitForCommandAsync("linger");
        await call.HangupAsync("NO_ANSWER");
        var (waitDone, eventDone, hangup, complete, recorded, cause) = await ended.Task.WaitAsync(Patience);

        Assert.True(waitDone);
        Assert.True(eventDone);
        Assert.Same(recorded, hangup.HangupComplete);
        Assert.Same(recorded, complete);
        Assert.Same(EslHangupCause.NoAnswer, hangup.Cause);
        Assert.Same(EslHangupCause.NoAnswer, cause);
    }

    [Fact]
    public async Task With_the_linger_notice_before_the_last_events_the_wait_still_ends_on_HANGUP_COMPLETE()
    {
        // As the 2015 capture shows (and the real call-socket-session capture for part of the events).
        var ended = new TaskCompletionSource<EslHangup>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(), async (session, ct) => ended.TrySetResult(await session.WaitForHangupAsync(ct)));
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, new EslOutboundCallOptions { LingerNotice = EslLingerNoticePlacement.AfterHangup });
        await call.WaitForCommandAsync("linger");
        await call.HangupAsync("ORIGINATOR_CANCEL");
        var result = await ended.Task.WaitAsync(Patience);

        Assert.Same(EslHangupCause.OriginatorCancel, result.Cause);
        Assert.NotNull(result.HangupComplete);
        Assert.Equal("ORIGINATOR_CANCEL", result.HangupComplete!["variable_hangup_cause"]);
    }

    [Fact]
    public async Task Without_linger_the_wait_ends_with_the_close_and_the_cause_of_CHANNEL_HANGUP()
    {
        var ended = new TaskCompletionSource<(EslHangup Hangup, EslHangup Late)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(o => o.Linger = false), async (session, ct) =>
        {
            var hangup = await session.WaitForHangupAsync(ct);
            await session.Completion;
            ended.TrySetResult((hangup, await session.WaitForHangupAsync(ct)));
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        await call.WaitForCommandAsync("myevents");
        await call.HangupAsync("CALL_REJECTED");
        var (hangup, late) = await ended.Task.WaitAsync(Patience);

        Assert.Same(EslHangupCause.CallRejected, hangup.Cause);
        Assert.Null(hangup.HangupComplete);
        Assert.True(hangup.ConnectionClosedFirst);
        Assert.True(hangup.IsReported);
        Assert.Same(hangup, late);
        Assert.DoesNotContain(call.ReceivedCommands, c => c.Command == "linger");
    }

    [Fact]
    public async Task Without_channel_events_the_wait_ends_when_the_lingering_socket_closes()
    {
        var ended = new TaskCompletionSource<EslHangup>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(o => o.SubscribeToChannelEvents = false), async (session, ct) =>
        {
            await session.LingerAsync(1, ct); // FreeSWITCH closes one second after the hangup
            ended.TrySetResult(await session.WaitForHangupAsync(ct));
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        await call.WaitForCommandAsync("linger 1");
        await call.HangupAsync();
        var result = await ended.Task.WaitAsync(Patience);

        Assert.Null(result.Cause);            // no event said it
        Assert.Null(result.HangupComplete);
        Assert.True(result.IsReported);       // the linger notice did say the channel is down
        Assert.DoesNotContain(call.ReceivedCommands, c => c.Command.StartsWith("myevents", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dropped_connection_ends_the_wait_with_no_cause_even_through_the_handlers_own_cancelled_token()
    {
        var ended = new TaskCompletionSource<(EslHangup Hangup, bool TokenCancelled)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            // ct is cancelled when the connection ends: the result, known by then, wins over the cancellation.
            var hangup = session.WaitForHangupAsync(ct);
            waiting.TrySetResult();
            var result = await hangup;
            ended.TrySetResult((result, ct.IsCancellationRequested || await CancelledSoonAsync(ct)));
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, new EslOutboundCallOptions { Answered = true });
        await waiting.Task.WaitAsync(Patience);
        await call.DropAsync();
        var (hangup, tokenCancelled) = await ended.Task.WaitAsync(Patience);

        Assert.Null(hangup.Cause);
        Assert.Null(hangup.HangupComplete);
        Assert.True(hangup.ConnectionClosedFirst);
        Assert.False(hangup.IsReported); // the channel may well be up: nothing said it ended
        Assert.True(tokenCancelled);
    }

    [Fact]
    public async Task A_cancelled_wait_before_the_end_throws_and_leaves_the_result_for_the_next_wait()
    {
        var outcome = new TaskCompletionSource<(Exception Cancelled, EslHangup Hangup)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.WaitForHangupAsync(shortWait.Token));
            waiting.TrySetResult();
            outcome.TrySetResult((cancelled, await session.WaitForHangupAsync(ct)));
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        await waiting.Task.WaitAsync(Patience);
        await call.HangupAsync("NORMAL_CLEARING");
        var (cancelled, hangup) = await outcome.Task.WaitAsync(Patience);

        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.NotNull(hangup.HangupComplete);
    }

    [Fact]
    public async Task Waits_racing_the_hangup_on_a_busy_machine_never_hang_and_never_lose_HANGUP_COMPLETE()
    {
        const int Calls = 40;
        string[] causes = ["NORMAL_CLEARING", "USER_BUSY", "NO_ANSWER", "CALL_REJECTED", "ORIGINATOR_CANCEL"];
        var ready = new ConcurrentDictionary<Guid, TaskCompletionSource>();
        var results = new ConcurrentDictionary<Guid, (EslHangup Hangup, EslEvent? Event)>();
        var failures = new ConcurrentQueue<Exception>();
        TaskCompletionSource ReadyFor(Guid uuid) => ready.GetOrAdd(uuid, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            try
            {
                // The channel says how this session waits: at once, after a random moment, or for the event.
                int style = int.Parse(session.Channel.GetVariable("wait_style")!, System.Globalization.CultureInfo.InvariantCulture);
                ReadyFor(session.UniqueId).TrySetResult();
                if (style > 0)
                {
                    Thread.SpinWait(Random.Shared.Next(0, 200_000)); // lands before, during or after the hangup
                    await Task.Delay(Random.Shared.Next(0, 4), ct);
                }

                EslEvent? ev = style == 2 ? await session.WaitForEventAsync(EslEventName.ChannelHangupComplete, ct) : null;
                results[session.UniqueId] = (await session.WaitForHangupAsync(ct), ev);
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        using (CpuLoad.Start(Environment.ProcessorCount * 2))
        {
            var calls = await fs.ConnectOutboundManyAsync(server.LocalEndPoint, Calls, i =>
            {
                var options = new EslOutboundCallOptions { Answered = true };
                options.Variables.Add(new("wait_style", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return options;
            });
            await Task.WhenAll(calls.Select(async (call, i) =>
            {
                await ReadyFor(call.UniqueId).Task.WaitAsync(Patience);
                Thread.SpinWait(Random.Shared.Next(0, 200_000));
                await call.HangupAsync(causes[i % causes.Length]);
            }));
            await fs.WaitForOutboundCallsAsync(Patience);
            var everyCall = calls.Select((call, i) => (call.UniqueId, Cause: causes[i % causes.Length], Style: i % 3)).ToList();

            Assert.Empty(failures);
            Assert.Equal(Calls, results.Count);
            foreach (var (uuid, cause, style) in everyCall)
            {
                var (hangup, ev) = results[uuid];
                Assert.Equal(cause, hangup.Cause?.Name);
                Assert.NotNull(hangup.HangupComplete);
                Assert.Equal(cause, hangup.HangupComplete!["Hangup-Cause"]);
                Assert.False(hangup.ConnectionClosedFirst);
                if (style == 2)
                {
                    Assert.Same(hangup.HangupComplete, ev);
                }
            }
        }
    }

    private static async Task<bool> CancelledSoonAsync(CancellationToken token)
    {
        // The token is cancelled off the read loop, just after the result was set.
        await Task.Delay(Timeout.Infinite, token).WaitAsync(Patience, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return token.IsCancellationRequested;
    }

    /// <summary>Threads that spin until disposed, so the thread pool, the read loops and the test compete for the CPU.</summary>
    private sealed class CpuLoad : IDisposable
    {
        private readonly Thread[] _threads;
        private volatile bool _stop;

        private CpuLoad(int threads)
        {
            _threads = Enumerable.Range(0, threads).Select(_ => new Thread(Spin) { IsBackground = true, Name = "cpu-load" }).ToArray();
            foreach (var thread in _threads)
            {
                thread.Start();
            }
        }

        public static CpuLoad Start(int threads) => new(threads);

        public void Dispose()
        {
            _stop = true;
            foreach (var thread in _threads)
            {
                thread.Join();
            }
        }

        private void Spin()
        {
            while (!_stop)
            {
                Thread.SpinWait(10_000);
            }
        }
    }
}
