using EslKit.Commands;
using EslKit.Protocol;

namespace EslKit.Connections;

/// <summary>A command on its way to FreeSWITCH and the caller waiting for its reply.</summary>
internal sealed class PendingCommand
{
    private const int Queued = 0;
    private const int Written = 1;
    private const int Abandoned = 2;
    private int _state;
    private int _callerGone;

    public PendingCommand(IEslCommand command) => Command = command;

    public IEslCommand Command { get; }

    public TaskCompletionSource<EslMessage> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Claims the command for writing; false when its caller has already given up.</summary>
    public bool TryMarkWritten() => Interlocked.CompareExchange(ref _state, Written, Queued) == Queued;

    /// <summary>The caller stopped waiting; a command not yet written will not be.</summary>
    public void Abandon()
    {
        Volatile.Write(ref _callerGone, 1);
        Interlocked.CompareExchange(ref _state, Abandoned, Queued);
    }

    /// <summary>
    /// Ends the command with an error. Nobody waits on an abandoned command any more, so it is cancelled
    /// instead: a fault nobody observes would surface as an UnobservedTaskException.
    /// </summary>
    public void Fail(Exception error)
    {
        if (Volatile.Read(ref _callerGone) != 0)
        {
            Reply.TrySetCanceled();
        }
        else
        {
            Reply.TrySetException(error);
        }
    }
}
