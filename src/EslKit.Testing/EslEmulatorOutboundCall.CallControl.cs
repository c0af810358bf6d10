namespace EslKit.Testing;

/// <summary>What the call-control APIs (<c>uuid_answer</c>, <c>uuid_break</c>, <c>uuid_broadcast</c>) do to the channel.</summary>
public sealed partial class EslEmulatorOutboundCall
{
    private CancellationTokenSource _breakSource = new();
    private int _breakFlag;

    /// <summary>
    /// CF_BREAK as <c>uuid_break</c> sets it: a running playback (or sleep) stops at once with <c>Playback-Status: break</c>;
    /// <paramref name="all"/> also drops the messages queued for the channel (switch_core_session_flush_private_events).
    /// The next application clears the flag, as switch_core_session_exec does.
    /// </summary>
    internal void Break(bool all)
    {
        if (all)
        {
            lock (_gate)
            {
                _queue.Clear();
            }
        }

        CancellationTokenSource source;
        lock (_fireLock)
        {
            _breakFlag = all ? 2 : 1;
            source = _breakSource;
        }

        source.Cancel();
    }

    /// <summary>switch_core_session_exec clears CF_BREAK before an application runs.</summary>
    private void ClearBreak()
    {
        CancellationTokenSource? old = null;
        lock (_fireLock)
        {
            _breakFlag = 0;
            if (_breakSource.IsCancellationRequested)
            {
                old = _breakSource;
                _breakSource = new();
            }
        }

        old?.Dispose();
    }

    /// <summary>Cancelled by <c>uuid_break</c> while the current application runs.</summary>
    private CancellationToken BreakToken
    {
        get
        {
            lock (_fireLock)
            {
                return _breakSource.Token;
            }
        }
    }

    /// <summary>True when the last break asked for <c>all</c> (a multi-file playback stops too).</summary>
    private bool BreakAll => Volatile.Read(ref _breakFlag) == 2;

    /// <summary>switch_channel_answer from <c>uuid_answer</c>: answers a ringing channel; an answered one stays as it is.</summary>
    internal ValueTask AnswerFromApiAsync(CancellationToken cancellationToken) => AnswerCoreAsync(cancellationToken);

    /// <summary>
    /// switch_ivr_broadcast for this leg: queues <paramref name="application"/> (<c>playback</c> unless the path says
    /// <c>app::arg</c>; null: none) as a private <c>execute</c> message with <c>event-lock</c> and <c>lead-frames: 5</c>, then a
    /// <c>hangup</c> when the application was written <c>app!cause</c>.
    /// </summary>
    internal void Broadcast(string? application, string argument, bool holdOther, string? hangupCause)
    {
        var now = _emulator.Options.TimeProvider.GetUtcNow();
        if (application is null)
        {
            QueueHangupMessage(hangupCause, now);
            return;
        }

        var headers = new List<KeyValuePair<string, string>>
        {
            new("call-command", "execute"),
            new("execute-app-name", application),
            new("execute-app-arg", argument),
            new("event-lock", "true"),
            new("lead-frames", "5"),
        };
        if (holdOther)
        {
            headers.Add(new("hold-bleg", "true"));
        }

        QueueMessage(EslReceivedCommand.Message(headers, now));
        QueueHangupMessage(hangupCause, now);
    }

    private void QueueHangupMessage(string? hangupCause, DateTimeOffset now)
    {
        if (hangupCause is not null)
        {
            QueueMessage(EslReceivedCommand.Message(
                [new("call-command", "execute"), new("execute-app-name", "hangup"), new("execute-app-arg", hangupCause), new("event-lock", "true")],
                now));
        }
    }
}
