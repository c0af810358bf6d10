using System.Net.WebSockets;
using EslKit.AudioStream.Diagnostics;

namespace EslKit.AudioStream;

/// <summary>Closing: the first reason wins, every path ends with both loops done and the connection closed or aborted.</summary>
public abstract partial class AudioStreamSession
{
    private readonly Lock _closeLock = new();
    private int _closeState;
    private AudioStreamCloseReason _closeReason;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeDescription;
    private CloseMode _closeMode;

    /// <summary>How a close proceeds.</summary>
    private protected enum CloseMode
    {
        /// <summary>Send what is queued, then the close frame; wait for the client's close.</summary>
        Graceful,

        /// <summary>Fail what is queued, send the close frame; wait for the client's close.</summary>
        Immediate,

        /// <summary>The client closed: fail what is queued and answer with its code.</summary>
        Echo,

        /// <summary>The connection is unusable: fail what is queued, abort, send nothing.</summary>
        Abort,
    }

    /// <summary>
    /// Closes the session (if it is still open) with this code and reason, after the messages already queued, and
    /// waits until the client answered the close (or <see cref="AudioStreamOptions.CloseTimeout"/> passed and the
    /// connection was aborted). The handler's token (<see cref="ClosedToken"/>) fires once the queued messages are
    /// sent, so sends made with that token are not taken back by this close.
    /// </summary>
    /// <param name="status">1000, 1008 or 4000–4999 (mod_audio_stream reports it in <c>mod_audio_stream::disconnect</c>).</param>
    /// <param name="reason">At most 123 bytes of UTF-8.</param>
    /// <returns>
    /// Completes when the connection is closed: bounded by <see cref="AudioStreamOptions.SendTimeout"/> (per queued
    /// message and for the close frame) and <see cref="AudioStreamOptions.CloseTimeout"/>, so it takes no token.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">The code is not one an application may send, or the reason is too long.</exception>
    public Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string reason = "")
    {
        CloseArguments.Validate(status, reason);
        BeginClose(AudioStreamCloseReason.Application, status, reason, CloseMode.Graceful);
        return ConnectionClosed;
    }

    /// <summary>Closes for an endpoint decision: at once (failing queued sends) or, for the end of the handler, after them.</summary>
    internal void CloseFor(AudioStreamCloseReason reason, WebSocketCloseStatus status, string description, bool afterQueuedSends = false) =>
        BeginClose(reason, status, description, afterQueuedSends ? CloseMode.Graceful : CloseMode.Immediate);

    /// <summary>Aborts the connection (an endpoint failure of our own): both loops end promptly.</summary>
    internal void Abort() => BeginClose(AudioStreamCloseReason.ConnectionLost, null, null, CloseMode.Abort);

    private bool IsClosing => Volatile.Read(ref _closeState) != 0;

    /// <summary>
    /// Starts closing for <paramref name="reason"/> unless a close already started (the first reason is the
    /// session's); an abort always aborts, so a close stuck behind an unread socket still ends.
    /// </summary>
    /// <returns>Whether this call started the close.</returns>
    private protected bool BeginClose(AudioStreamCloseReason reason, WebSocketCloseStatus? status, string? description, CloseMode mode)
    {
        lock (_closeLock)
        {
            if (_closeState != 0)
            {
                if (mode == CloseMode.Abort)
                {
                    _socket.Abort();
                }

                return false;
            }

            _closeReason = reason;
            _closeStatus = status;
            _closeDescription = description;
            _closeMode = mode;
            Volatile.Write(ref _closeState, 1);
        }

        _sendQueue.Writer.TryComplete();
        if (mode == CloseMode.Abort)
        {
            _socket.Abort();
        }

        // A graceful close fires the token once the queue is flushed (FinishCloseAsync): sends made with the
        // handler's own token must not be taken back by the close that is meant to deliver them.
        if (mode != CloseMode.Graceful)
        {
            CancelClosedToken();
        }

        return true;
    }

    /// <summary>Fires <see cref="ClosedToken"/>; its callbacks run on the thread pool, never inside our loops.</summary>
    private void CancelClosedToken() => _ = _closed.CancelAsync();

    /// <summary>After the send queue is done: the close frame (unless aborted), then the client's answer, bounded.</summary>
    private async Task FinishCloseAsync()
    {
        CancelClosedToken();
        if (_closeMode != CloseMode.Abort && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                _sendTimeout.CancelAfter(_options.SendTimeout);
                string? description = _closeMode == CloseMode.Echo ? null : _closeDescription;
                await _socket.CloseOutputAsync(_closeStatus ?? WebSocketCloseStatus.NormalClosure, description, _sendTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                if (_sendTimeout.IsCancellationRequested)
                {
                    AudioStreamLog.SendTimedOut(_logger, CallId, _options.SendTimeout.TotalMilliseconds);
                }
                else
                {
                    AudioStreamLog.ConnectionLost(_logger, CallId, exception.GetType().Name, exception);
                }

                _socket.Abort();
            }
            finally
            {
                ResetSendTimeout();
            }
        }

        try
        {
            await _receiveLoop.WaitAsync(_options.CloseTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            AudioStreamLog.CloseTimedOut(_logger, CallId, _options.CloseTimeout.TotalMilliseconds);
            _socket.Abort();
            await _receiveLoop.ConfigureAwait(false);
        }
    }
}
