using System.Buffers;

namespace EslKit.AudioStream.Messages;

/// <summary>
/// A message in a session's send queue: a rented buffer and the task its sender awaits. Exactly one of the
/// writer (sending it), the close path (failing it) and the sender's cancellation completes the task; the
/// buffer goes back to the pool when the writer or the close path takes the message off the queue.
/// </summary>
internal sealed class PendingSend : TaskCompletionSource
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Abandoned = 2;

    private int _state;
    private CancellationTokenRegistration _cancellation;

    public PendingSend(byte[] buffer, int length, bool isStreamAudio)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Buffer = buffer;
        Length = length;
        IsStreamAudio = isStreamAudio;
    }

    public byte[] Buffer { get; private set; }

    public int Length { get; }

    /// <summary>A <c>streamAudio</c> message (for the metrics), else plain text.</summary>
    public bool IsStreamAudio { get; }

    /// <summary>Lets the sender's token take the message back while it is still queued.</summary>
    public void WatchCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var pending = (PendingSend)state!;
                    if (Interlocked.CompareExchange(ref pending._state, Abandoned, Queued) == Queued)
                    {
                        pending.TrySetCanceled(token);
                    }
                },
                this);
        }
    }

    /// <summary>The writer claims the message; false when its sender gave up (cancelled) first.</summary>
    public bool TryTake()
    {
        bool taken = Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;
        _cancellation.Dispose();
        return taken;
    }

    /// <summary>Fails a message that will not be sent (the session is closing).</summary>
    public void Fail(Exception exception)
    {
        if (TryTake())
        {
            TrySetException(exception);
        }
    }

    /// <summary>Returns the buffer to the pool; called once, by whoever took the message off the queue.</summary>
    public void ReleaseBuffer()
    {
        byte[] buffer = Buffer;
        Buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
