namespace EslKit.Connections;

/// <summary>Waits that let a result which already arrived win over a timeout or cancellation racing it.</summary>
internal static class TaskWaits
{
    /// <summary>
    /// <see cref="Task{TResult}.WaitAsync(TimeSpan, CancellationToken)"/>, except that a result set before the
    /// timeout or cancellation fired is returned. The read loop completes a reply and then (on the same thread)
    /// closes the session, which cancels the handler's token; with continuations run asynchronously the cancellation
    /// would otherwise win and report a command that FreeSWITCH accepted as cancelled.
    /// </summary>
    public static async Task<T> WaitPreferringResultAsync<T>(this Task<T> task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when ((ex is OperationCanceledException or TimeoutException) && task.IsCompletedSuccessfully)
        {
            return task.Result;
        }
    }

    /// <summary><see cref="WaitPreferringResultAsync{T}(Task{T}, TimeSpan, CancellationToken)"/> with no timeout.</summary>
    public static Task<T> WaitPreferringResultAsync<T>(this Task<T> task, CancellationToken cancellationToken) =>
        task.WaitPreferringResultAsync(Timeout.InfiniteTimeSpan, cancellationToken);
}
