using System.Threading.Channels;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>
/// Wakes the dispatcher when work may have become possible: a slot freed (an attempt ended), an originate came
/// back, a campaign was started or resumed here. Wakes that come while it is busy collapse into one. Work that
/// only another instance or the clock makes possible (a retry falling due) is found by the dispatcher's
/// own timed look (<see cref="DispatcherOptions.IdlePollMilliseconds"/>, or sooner when the next due time is known).
/// </summary>
internal sealed class DispatchSignal
{
    private readonly Channel<bool> _wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks the dispatcher to look for work now.</summary>
    public void Wake() => _wakes.Writer.TryWrite(true);

    /// <summary>Waits for a wake or <paramref name="timeout"/> (on <paramref name="time"/>); true when woken.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_wakes.Reader.TryRead(out _))
        {
            return true;
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _wakes.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
