using EslKit.Connections;

namespace EslKit.Tests.Connections;

/// <summary>
/// A reply that arrived wins over the cancellation that raced it: the read loop completes a command's reply and then,
/// on the same thread, closes the session (cancelling the handler's token). The reply's continuation runs on the
/// thread pool, so a plain WaitAsync would often see the cancellation first and report an accepted hang-up as cancelled.
/// </summary>
public sealed class TaskWaitsTests
{
    [Fact]
    public async Task A_result_set_just_before_the_cancellation_is_returned_every_time()
    {
        for (int i = 0; i < 2000; i++)
        {
            var reply = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var closed = new CancellationTokenSource();
            var wait = reply.Task.WaitPreferringResultAsync(TimeSpan.FromMinutes(1), closed.Token);
            reply.SetResult(i);
            closed.Cancel();
            Assert.Equal(i, await wait);
        }
    }

    [Fact]
    public async Task A_cancellation_with_no_result_still_cancels_and_a_timeout_still_times_out()
    {
        var never = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var closed = new CancellationTokenSource();
        var cancelled = never.Task.WaitPreferringResultAsync(closed.Token);
        closed.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(closed.Token, error.CancellationToken);

        await Assert.ThrowsAsync<TimeoutException>(() => never.Task.WaitPreferringResultAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None));
    }

    [Fact]
    public async Task A_failure_that_raced_the_cancellation_is_not_turned_into_a_result()
    {
        var reply = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var closed = new CancellationTokenSource();
        var wait = reply.Task.WaitPreferringResultAsync(closed.Token);
        reply.SetException(new EslConnectionLostException("the connection has ended"));
        closed.Cancel();
        await Assert.ThrowsAnyAsync<Exception>(() => wait); // the loss or the cancellation: never a result
    }
}
