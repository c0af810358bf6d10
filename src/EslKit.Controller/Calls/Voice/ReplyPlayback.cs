namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// A reply being spoken: its cancellation (a barge-in, a machine, a failure stops it: synthesis, queued sends and
/// the wait for playback) and whether it was interrupted. Shared by the turn loop that speaks it and the listener that
/// may interrupt it. The first interruption wins and says who made it: the caller (a barge-in, which may turn out false
/// and resume the reply) or the call (a machine, a failure, the end).
/// </summary>
internal sealed class ReplyPlayback : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private int _interrupted;

    public ReplyPlayback(int turn, CancellationToken callToken)
    {
        Turn = turn;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(callToken);
    }

    /// <summary>The turn whose reply this is.</summary>
    public int Turn { get; }

    /// <summary>Cancelled when the reply is interrupted (or the call ends).</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>True once interrupted.</summary>
    public bool IsInterrupted => Volatile.Read(ref _interrupted) != 0;

    /// <summary>True when the interruption was the caller's barge-in.</summary>
    public bool ByCaller => Volatile.Read(ref _interrupted) == 2;

    /// <summary>Interrupts the reply; true for the first caller only (<paramref name="byCaller"/>: a barge-in).</summary>
    public bool Interrupt(bool byCaller = false)
    {
        if (Interlocked.CompareExchange(ref _interrupted, byCaller ? 2 : 1, 0) != 0)
        {
            return false;
        }

        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The reply finished meanwhile.
        }

        return true;
    }

    public void Dispose() => _stop.Dispose();
}
