namespace EslKit;

/// <content>The hangup: recorded on the read loop as it happens, so a wait that starts late still gets it.</content>
public sealed partial class EslOutboundSession
{
    private readonly TaskCompletionSource<EslHangup> _hangupResult = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Written under _waitGate on the read loop (or by the close); read without it.
    private EslEvent? _hangupEvent;
    private EslEvent? _hangupCompleteEvent;
    private EslHangupCause? _hangupCause;
    private bool _hangupReported;

    /// <summary>
    /// Why the channel hung up (<c>Hangup-Cause</c> of CHANNEL_HANGUP, or of CHANNEL_HANGUP_COMPLETE); null until
    /// an event said so.
    /// </summary>
    public EslHangupCause? HangupCause => Volatile.Read(ref _hangupCause);

    /// <summary>The CHANNEL_HANGUP_COMPLETE event once it arrived (the call's times and CDR variables), else null.</summary>
    public EslEvent? HangupComplete => Volatile.Read(ref _hangupCompleteEvent);

    /// <summary>
    /// Waits for the end of the call and says how it ended: completes when CHANNEL_HANGUP_COMPLETE arrives
    /// (with <c>linger</c> it comes after the linger notice) or when the connection ends, whichever is first;
    /// a wait that starts after that completes at once, with what was recorded. It cannot miss the event and
    /// never outlives the connection.
    /// </summary>
    /// <remarks>
    /// With the server's defaults (<c>myevents</c>, and <c>linger</c> in full mode) the result carries
    /// CHANNEL_HANGUP_COMPLETE. Without <c>linger</c> FreeSWITCH closes the socket right after CHANNEL_HANGUP;
    /// without <c>myevents</c> no event comes and only the close ends the wait. If
    /// <paramref name="cancellationToken"/> fires when the result is already known (e.g. the handler's token,
    /// cancelled because the connection closed), the result is returned rather than a cancellation.
    /// </remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired before the call ended.</exception>
    public Task<EslHangup> WaitForHangupAsync(CancellationToken cancellationToken = default)
    {
        var result = _hangupResult.Task;
        return result.IsCompleted || !cancellationToken.CanBeCanceled ? result : WaitCancellablyAsync(result, cancellationToken);

        static async Task<EslHangup> WaitCancellablyAsync(Task<EslHangup> result, CancellationToken cancellationToken)
        {
            try
            {
                return await result.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (result.IsCompleted)
            {
                // The close completes the result before it cancels the tokens linked to it.
                return await result.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records CHANNEL_HANGUP (an event), the linger notice (null) or CHANNEL_HANGUP_COMPLETE (<paramref name="complete"/>).</summary>
    private void RecordHangup(EslEvent? hangupEvent, bool complete)
    {
        lock (_waitGate)
        {
            _hangupReported = true;
            if (hangupEvent is not null && _hangupCause is null && EslHangupCause.TryParse(hangupEvent["Hangup-Cause"], out var cause))
            {
                Volatile.Write(ref _hangupCause, cause);
            }

            if (!complete)
            {
                _hangupEvent ??= hangupEvent;
                return;
            }

            if (_hangupCompleteEvent is null && hangupEvent is not null)
            {
                Volatile.Write(ref _hangupCompleteEvent, hangupEvent);
                _hangupResult.TrySetResult(new EslHangup(_channel?.UniqueId ?? Guid.Empty, _hangupCause, hangupEvent, reported: true));
            }
        }
    }

    /// <summary>The connection ended: a wait still open gets what is known.</summary>
    private void RecordClose()
    {
        lock (_waitGate)
        {
            _hangupResult.TrySetResult(new EslHangup(_channel?.UniqueId ?? Guid.Empty, _hangupCause, _hangupCompleteEvent, _hangupReported));
        }
    }
}
