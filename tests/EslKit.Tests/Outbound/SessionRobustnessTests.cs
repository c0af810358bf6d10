using EslKit.Protocol;
using EslKit.Testing;

namespace EslKit.Tests.Outbound;

/// <summary>Regressions from the code review: a session survives handler code that throws in callbacks.</summary>
public sealed class SessionRobustnessTests
{
    private static EslOutboundServerOptions Options() => new() { Port = 0, CommandTimeout = TimeSpan.FromSeconds(5), ShutdownTimeout = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task A_throwing_wait_predicate_fails_only_its_wait_and_a_throwing_hangup_callback_is_contained()
    {
        var outcome = new TaskCompletionSource<(Exception PredicateFailure, EslExecuteResult Answer)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var afterHangup = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            try
            {
                session.HangupToken.Register(() => throw new InvalidOperationException("callback bug"));
                var bad = session.WaitForEventAsync(_ => throw new InvalidOperationException("predicate bug"), ct);
                var answer = await session.ExecuteAsync("answer", cancellationToken: ct);
                var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
                outcome.TrySetResult((failure, answer));
                var complete = session.WaitForEventAsync(EslEventName.ChannelHangupComplete, ct);
                await session.HangupAsync(cancellationToken: ct);
                await complete;
                afterHangup.TrySetResult();
            }
            catch (Exception ex)
            {
                outcome.TrySetException(ex);
                afterHangup.TrySetException(ex);
            }
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        await fs.ConnectOutboundAsync(server.LocalEndPoint);
        var (predicateFailure, answer) = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await afterHangup.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("predicate bug", predicateFailure.Message);
        Assert.Equal("answer", answer.Application);
    }

    [Fact]
    public async Task Reading_events_after_the_connection_ended_finishes_instead_of_hanging()
    {
        var finished = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(), async (session, _) =>
        {
            await Task.WhenAny(Task.Delay(Timeout.Infinite, session.ClosedToken)); // the far end goes away first
            int count = 0;
            await foreach (var unused in session.ReadEventsAsync(cancellationToken: CancellationToken.None)) // deliberately no token: it must end by itself
            {
                count++;
            }

            finished.TrySetResult(count);
        });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        await call.WaitForCommandAsync("linger");
        await call.DropAsync();

        Assert.Equal(0, await finished.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
