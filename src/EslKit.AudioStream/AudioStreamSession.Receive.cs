using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using EslKit.AudioStream.Diagnostics;
using Microsoft.AspNetCore.Connections;

namespace EslKit.AudioStream;

/// <summary>The receive loop: one pooled frame per binary message, the metadata, text, the client's close.</summary>
public abstract partial class AudioStreamSession
{
    private long _framesReceived;
    private long _framesDropped;
    private long _framesBeforeMetadata;
    private long _textsDropped;
    private int _unflushedFrames;
    private long _unflushedBytes;
    private long _flushedDrops;
    private int _largestFrame;

    private async Task ReceiveLoopAsync()
    {
        // One long-lived async method: its state machine is allocated once per session, not per frame.
        await Task.Yield();
        AudioFrame frame = _pool.Rent();
        try
        {
            int limit = _options.MaxMessageBytes;
            while (true)
            {
                int received = 0;
                var type = WebSocketMessageType.Binary;
                ValueWebSocketReceiveResult result;
                do
                {
                    int room = Math.Min(frame.Capacity, limit) - received;
                    if (room == 0)
                    {
                        if (received >= limit)
                        {
                            // Too big: say so now, then keep reading (and discarding) until the client's close.
                            if (!IsClosing)
                            {
                                AudioStreamLog.MessageTooBig(_logger, CallId, type, limit);
                                BeginClose(AudioStreamCloseReason.MessageTooBig, AudioStreamCloseStatus.MessageTooBig, "message too big", CloseMode.Immediate);
                            }

                            received = 0;
                        }
                        else
                        {
                            frame.Grow(Math.Min(Math.Max(received * 2, 1024), limit), received);
                        }

                        room = Math.Min(frame.Capacity, limit) - received;
                    }

                    result = await _socket.ReceiveAsync(frame.Buffer.AsMemory(received, room), CancellationToken.None).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        OnCloseReceived();
                        return;
                    }

                    type = result.MessageType;
                    received += result.Count;
                }
                while (!result.EndOfMessage);

                if (IsClosing)
                {
                    continue; // closing: nothing more reaches the handler
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    if (await DeliverFrameAsync(frame, received).ConfigureAwait(false))
                    {
                        frame = _pool.Rent();
                    }
                }
                else
                {
                    OnText(frame.Buffer.AsSpan(0, received));
                }
            }
        }
        catch (Exception exception)
        {
            OnReceiveFailed(exception);
        }
        finally
        {
            frame.Dispose();
            _frames.Writer.TryComplete();
            _texts.Writer.TryComplete();
            _metadataArrived.TrySetResult(null);
        }
    }

    /// <summary>Checks a binary message and queues it for the handler.</summary>
    /// <returns>Whether the frame was handed over (queued or dropped by the queue, which returns it).</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DeliverFrameAsync(AudioFrame frame, int length)
    {
        long sequence = _framesReceived;
        Volatile.Write(ref _framesReceived, sequence + 1);
        if (!IsWholeFrame(length))
        {
            int unit = _options.RequireWholeFrames ? Format.BytesPer20Milliseconds : Format.BytesPerSampleFrame;
            AudioStreamLog.InvalidFrame(_logger, CallId, sequence, length, unit, Format);
            BeginClose(AudioStreamCloseReason.InvalidFrame, AudioStreamCloseStatus.InvalidFrame, "invalid audio frame size", CloseMode.Immediate);
            return false;
        }

        if (_metadata is null)
        {
            _framesBeforeMetadata++;
        }

        if (length > _largestFrame)
        {
            _largestFrame = length;
            _pool.NoteSize(length);
        }

        frame.Complete(length, Format, sequence, _time.GetTimestamp());
        CountFrame(length);
        if (_frames.Writer.TryWrite(frame))
        {
            return true;
        }

        if (_options.FrameQueueFullMode == AudioFrameQueueFullMode.Wait && !IsClosing)
        {
            try
            {
                await _frames.Writer.WriteAsync(frame, _closed.Token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                // Closing while the handler was behind: the frame stays ours and is reused.
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
            }
        }

        return false;
    }

    private bool IsWholeFrame(int length) =>
        length > 0 && length % (_options.RequireWholeFrames ? Format.BytesPer20Milliseconds : Format.BytesPerSampleFrame) == 0;

    private void OnText(ReadOnlySpan<byte> utf8)
    {
        // The runtime has checked the UTF-8 of text messages already.
        string text = Encoding.UTF8.GetString(utf8);
        if (_metadata is null)
        {
            var metadata = new AudioStreamMetadata(text, _framesBeforeMetadata);
            Volatile.Write(ref _metadata, metadata);
            _metadataArrived.TrySetResult(metadata);
            return;
        }

        _texts.Writer.TryWrite(text);
    }

    private void OnCloseReceived()
    {
        var status = _socket.CloseStatus ?? WebSocketCloseStatus.Empty;
        string description = _socket.CloseStatusDescription ?? string.Empty;
        if (!IsClosing)
        {
            AudioStreamLog.ClientClosed(_logger, CallId, (int)status, description);
        }

        // Echo the client's code without a reason, as the module's own tests servers do (88 02 03 e8).
        BeginClose(AudioStreamCloseReason.ClientClosed, status, description, CloseMode.Echo);
    }

    private void OnReceiveFailed(Exception exception)
    {
        if (IsClosing)
        {
            return; // we aborted it, or the close handshake was cut short: already accounted for
        }

        // A send that timed out makes the runtime abort the socket, which this read may see first.
        if (_sendTimeout.IsCancellationRequested)
        {
            if (BeginClose(AudioStreamCloseReason.SendTimeout, null, null, CloseMode.Abort))
            {
                AudioStreamLog.SendTimedOut(_logger, CallId, _options.SendTimeout.TotalMilliseconds);
            }

            return;
        }

        // The runtime's keep-alive aborts the socket: the read fails with a cancellation carrying its Faulted
        // WebSocketException, or with Kestrel's "aborted by the application". Protocol errors (bad UTF-8, bad
        // frames) come as a bare WebSocketException after the runtime sent its own close. Anything else is the
        // connection going away.
        if (exception is OperationCanceledException { InnerException: WebSocketException { WebSocketErrorCode: WebSocketError.Faulted } }
            || (exception is ConnectionAbortedException && KeepAliveTimeoutEnabled))
        {
            AudioStreamLog.KeepAliveTimedOut(_logger, CallId, exception);
            BeginClose(AudioStreamCloseReason.KeepAliveTimeout, null, null, CloseMode.Abort);
        }
        else if (exception is WebSocketException { WebSocketErrorCode: not WebSocketError.ConnectionClosedPrematurely, InnerException: null } protocolError)
        {
            // The runtime has sent its close frame (1002/1007) already: end without a reset, so the client reads it.
            AudioStreamLog.ProtocolError(_logger, CallId, protocolError.WebSocketErrorCode.ToString(), exception);
            BeginClose(AudioStreamCloseReason.ProtocolError, null, null, CloseMode.Immediate);
        }
        else
        {
            AudioStreamLog.ConnectionLost(_logger, CallId, exception.GetType().Name, exception);
            BeginClose(AudioStreamCloseReason.ConnectionLost, null, null, CloseMode.Abort);
        }
    }

    private bool KeepAliveTimeoutEnabled => _options.KeepAliveInterval > TimeSpan.Zero && _options.KeepAliveTimeout != Timeout.InfiniteTimeSpan;

    private void OnFrameDropped(AudioFrame frame)
    {
        frame.Dispose();
        if (Interlocked.Increment(ref _framesDropped) == 1)
        {
            AudioStreamLog.FramesDropping(_logger, CallId, _options.FrameQueueCapacity, _options.FrameQueueFullMode);
        }
    }

    private void OnTextDropped(string text)
    {
        if (Interlocked.Increment(ref _textsDropped) == 1)
        {
            AudioStreamLog.TextDropped(_logger, CallId, _options.TextQueueCapacity);
        }
    }

    private void CountFrame(int bytes)
    {
        _unflushedBytes += bytes;
        if (++_unflushedFrames == AudioStreamMetrics.FrameBatch)
        {
            FlushFrameMetrics();
        }
    }

    private void FlushFrameMetrics()
    {
        var metrics = _endpoint.Metrics;
        if (_unflushedFrames > 0)
        {
            metrics.FramesReceived.Add(_unflushedFrames);
            metrics.BytesReceived.Add(_unflushedBytes);
            _unflushedFrames = 0;
            _unflushedBytes = 0;
        }

        long dropped = Volatile.Read(ref _framesDropped);
        if (dropped > _flushedDrops)
        {
            metrics.FramesDropped.Add(dropped - _flushedDrops);
            _flushedDrops = dropped;
        }
    }
}
