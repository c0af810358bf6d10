namespace EslKit.Controller.Speech.Cloud;

/// <summary>
/// A token that fires when a stream has been silent for too long (restarted at every piece received) or when the
/// caller cancels; tells the two apart afterwards, so a stall becomes a timeout and a barge-in stays a cancellation.
/// </summary>
internal sealed class IdleTimeout : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly TimeSpan _timeout;

    public IdleTimeout(TimeSpan timeout, TimeProvider time, CancellationToken callerToken)
    {
        _timeout = timeout;
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timer.Token);
        _timer.CancelAfter(timeout);
    }

    /// <summary>Cancelled when the stream stalls or the caller cancels.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>True once the stream has stalled.</summary>
    public bool Expired => _timer.IsCancellationRequested;

    /// <summary>Something arrived: the silence starts again.</summary>
    public void Restart()
    {
        if (!_timer.IsCancellationRequested)
        {
            _timer.CancelAfter(_timeout);
        }
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
