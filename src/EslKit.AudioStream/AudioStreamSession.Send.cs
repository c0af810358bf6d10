using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using EslKit.AudioStream.Diagnostics;
using EslKit.AudioStream.Messages;

namespace EslKit.AudioStream;

/// <summary>The send side: a bounded queue of text messages and the one writer that sends them in order.</summary>
public abstract partial class AudioStreamSession
{
    private CancellationTokenSource _sendTimeout;
    private long _queuedSendBytes;

    /// <summary>
    /// Plays audio into the call: sends
    /// <c>{"type":"streamAudio","data":{"audioDataType":"raw","sampleRate":…,"audioData":"&lt;base64&gt;"}}</c>.
    /// mod_audio_stream writes the audio to <c>/tmp/&lt;uuid&gt;_&lt;n&gt;.tmp.r16</c> (<c>.r8</c> at 8 kHz) and raises
    /// CUSTOM <c>mod_audio_stream::play</c> with the file's name; the call hears it once the ESL side runs
    /// <c>playback</c> on that file (and <c>uuid_break</c> stops it). Messages are sent in the order they were queued.
    /// </summary>
    /// <param name="audio">L16 little-endian mono audio, copied (and base64-encoded) before this method returns.</param>
    /// <param name="sampleRate">Its rate: 8000, 16000, 24000, 32000, 48000 or 64000.</param>
    /// <param name="cancellationToken">Takes the message back while it is still queued (a barge-in); ignored once it is being written.</param>
    /// <returns>Completes when the message has been written to the connection.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An unsupported rate, or more audio than <see cref="AudioStreamOptions.MaxQueuedSendBytes"/> can hold once encoded.</exception>
    /// <exception cref="ArgumentException">Empty audio, or an odd byte count.</exception>
    /// <exception cref="AudioStreamSendQueueFullException">(From the task.) The send queue is full.</exception>
    /// <exception cref="AudioStreamClosedException">(From the task.) The session is closing or closed.</exception>
    public ValueTask SendStreamAudioAsync(ReadOnlySpan<byte> audio, int sampleRate, CancellationToken cancellationToken = default)
    {
        if (!StreamAudioMessage.IsSupportedSampleRate(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "mod_audio_stream plays raw audio at 8000, 16000, 24000, 32000, 48000 or 64000 Hz.");
        }

        if (audio.IsEmpty || audio.Length % 2 != 0)
        {
            throw new ArgumentException("L16 audio is a positive, even number of bytes.", nameof(audio));
        }

        // Base64 grows by 4/3: refuse what could never fit the queue before a length computation could overflow.
        if (audio.Length > _options.MaxQueuedSendBytes / 4 * 3)
        {
            throw new ArgumentOutOfRangeException(nameof(audio), audio.Length, $"Encoded, this audio exceeds MaxQueuedSendBytes ({_options.MaxQueuedSendBytes}); send it in parts.");
        }

        int length = StreamAudioMessage.GetLength(audio.Length, sampleRate);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        int written = StreamAudioMessage.Write(audio, sampleRate, buffer);
        return Enqueue(buffer, written, isStreamAudio: true, cancellationToken);
    }

    /// <summary>Plays audio into the call, given as 16-bit samples (see <see cref="SendStreamAudioAsync(ReadOnlySpan{byte}, int, CancellationToken)"/>).</summary>
    /// <exception cref="PlatformNotSupportedException">On a big-endian process.</exception>
    public ValueTask SendStreamAudioAsync(ReadOnlySpan<short> samples, int sampleRate, CancellationToken cancellationToken = default) =>
        BitConverter.IsLittleEndian
            ? SendStreamAudioAsync(MemoryMarshal.AsBytes(samples), sampleRate, cancellationToken)
            : throw new PlatformNotSupportedException("L16 is little-endian; swap the samples and send bytes.");

    /// <summary>
    /// Sends a text message. mod_audio_stream raises it as CUSTOM <c>mod_audio_stream::json</c> with the text as
    /// the body (a <c>streamAudio</c> JSON is played instead: prefer <see cref="SendStreamAudioAsync(ReadOnlySpan{byte}, int, CancellationToken)"/>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Takes the message back while it is still queued.</param>
    /// <returns>Completes when the message has been written to the connection.</returns>
    public ValueTask SendTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        int length = Encoding.UTF8.GetByteCount(text);
        if (length > _options.MaxQueuedSendBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(text), length, $"The text exceeds MaxQueuedSendBytes ({_options.MaxQueuedSendBytes}).");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        Encoding.UTF8.GetBytes(text, buffer);
        return Enqueue(buffer, length, isStreamAudio: false, cancellationToken);
    }

    /// <summary>Bytes waiting to be sent.</summary>
    internal long QueuedSendBytes => Volatile.Read(ref _queuedSendBytes);

    private ValueTask Enqueue(byte[] buffer, int length, bool isStreamAudio, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (IsClosing)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return ValueTask.FromException(ClosedException(null));
        }

        long queued = Interlocked.Add(ref _queuedSendBytes, length);
        if (queued > _options.MaxQueuedSendBytes)
        {
            Interlocked.Add(ref _queuedSendBytes, -length);
            ArrayPool<byte>.Shared.Return(buffer);
            return RefuseSend(queued - length);
        }

        var pending = new PendingSend(buffer, length, isStreamAudio);
        pending.WatchCancellation(cancellationToken);
        if (_sendQueue.Writer.TryWrite(pending))
        {
            return new ValueTask(pending.Task);
        }

        Interlocked.Add(ref _queuedSendBytes, -length);
        pending.TryTake();
        pending.ReleaseBuffer();
        return IsClosing ? ValueTask.FromException(ClosedException(null)) : RefuseSend(queued - length);
    }

    private ValueTask RefuseSend(long queuedBytes)
    {
        _endpoint.Metrics.SendsRefused.Add(1);
        AudioStreamLog.SendQueueFull(_logger, CallId, _sendQueue.Reader.Count, queuedBytes);
        return ValueTask.FromException(new AudioStreamSendQueueFullException());
    }

    private async Task WriterLoopAsync()
    {
        await Task.Yield();
        var reader = _sendQueue.Reader;

        // The queue is completed (never faulted) by BeginClose; what is still queued then is sent on a graceful
        // close and failed otherwise.
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var pending))
            {
                Interlocked.Add(ref _queuedSendBytes, -pending.Length);
                try
                {
                    if (IsClosing && _closeMode != CloseMode.Graceful)
                    {
                        pending.Fail(ClosedException(null));
                    }
                    else if (pending.TryTake())
                    {
                        await WriteAsync(pending).ConfigureAwait(false);
                    }
                }
                finally
                {
                    pending.ReleaseBuffer();
                }
            }
        }

        await FinishCloseAsync().ConfigureAwait(false);
    }

    private async Task WriteAsync(PendingSend pending)
    {
        try
        {
            _sendTimeout.CancelAfter(_options.SendTimeout);
            await _socket.SendAsync(pending.Buffer.AsMemory(0, pending.Length), WebSocketMessageType.Text, endOfMessage: true, _sendTimeout.Token).ConfigureAwait(false);
            _endpoint.Metrics.RecordSent(pending.IsStreamAudio, pending.Length);
            pending.TrySetResult();
        }
        catch (Exception exception)
        {
            // A send that cannot finish means the connection is unusable: the runtime has aborted it already.
            if (_sendTimeout.IsCancellationRequested)
            {
                if (BeginClose(AudioStreamCloseReason.SendTimeout, null, null, CloseMode.Abort))
                {
                    AudioStreamLog.SendTimedOut(_logger, CallId, _options.SendTimeout.TotalMilliseconds);
                }
            }
            else if (BeginClose(AudioStreamCloseReason.ConnectionLost, null, null, CloseMode.Abort))
            {
                AudioStreamLog.ConnectionLost(_logger, CallId, exception.GetType().Name, exception);
            }

            pending.TrySetException(ClosedException(exception));
        }
        finally
        {
            ResetSendTimeout();
        }
    }

    private void ResetSendTimeout()
    {
        if (!_sendTimeout.TryReset())
        {
            _sendTimeout.Dispose();
            _sendTimeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        }
    }

    private AudioStreamClosedException ClosedException(Exception? inner)
    {
        return new AudioStreamClosedException(CloseReason ?? AudioStreamCloseReason.ConnectionLost, inner);
    }
}
