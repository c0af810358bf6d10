namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// A reply being spoken: its cancellation (a barge-in, a machine, a failure stops it: synthesis, queued sends and
/// the wait for playback) and whether it was interrupted. Shared by the turn loop that speaks it and the listener that
/// may interrupt it.
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

    /// <summary>Interrupts the reply; true for the first caller only.</summary>
    public bool Interrupt()
    {
        if (Interlocked.Exchange(ref _interrupted, 1) != 0)
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
