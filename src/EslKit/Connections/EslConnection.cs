using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Threading.Channels;
using EslKit.Commands;
using EslKit.Diagnostics;
using EslKit.Protocol;
using Microsoft.Extensions.Logging;

namespace EslKit.Connections;

/// <summary>
/// The duplex engine both ESL modes share. Commands go through a bounded queue to one writer loop,
/// which registers each for its reply in the order it writes them and flushes in batches, so callers
/// pipeline freely without any lock. One read loop parses frames: each <c>command/reply</c> or
/// <c>api/response</c> completes the oldest command waiting (FreeSWITCH answers in order), everything
/// else goes to the owner's <see cref="IEslFrameHandler"/>. When the connection ends, every command in
/// flight fails with <see cref="EslConnectionLostException"/> exactly once.
/// </summary>
internal sealed class EslConnection : IAsyncDisposable
{
    /// <summary>Receive buffers this size keep most frames in one segment, so they are read in place.</summary>
    private const int ReceiveSegmentSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<PendingCommand> _outgoing;
    private readonly ConcurrentQueue<PendingCommand> _awaitingReply = new();
    private readonly IEslFrameHandler _handler;
    private readonly ILogger _logger;
    private readonly EslFrameReader _frames;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<Exception?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private Exception? _closeReason;
    private int _closed;
    private int _disposeStarted;
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EslConnection(Stream stream, string endpoint, IEslFrameHandler handler, EslParserLimits? limits, int maxQueuedCommands, ILogger logger)
    {
        _stream = stream;
        Endpoint = endpoint;
        _handler = handler;
        _logger = logger;
        _frames = new EslFrameReader(limits);
        // Zero-byte reads: an idle connection waits without holding a receive buffer (thousands of
        // outbound sessions sit idle most of the time), and rents one only when data has arrived.
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReceiveSegmentSize, minimumReadSize: ReceiveSegmentSize / 4, leaveOpen: true, useZeroByteReads: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        // Not SingleReader: besides the writer loop, a failing connection drains it from another thread.
        _outgoing = Channel.CreateBounded<PendingCommand>(new BoundedChannelOptions(maxQueuedCommands)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Host and port of the peer, for messages and logs.</summary>
    public string Endpoint { get; }

    /// <summary>Completes when the connection has ended, with the reason (null when closed on purpose).</summary>
    public Task<Exception?> Completion => _completion.Task;

    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    public void Start()
    {
        _readLoop = Task.Run(ReadLoopAsync);
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Sends a command and waits for its reply.</summary>
    /// <exception cref="EslConnectionLostException">The connection is closed or ended before the reply.</exception>
    /// <exception cref="EslCommandTimeoutException">No reply within <paramref name="timeout"/>.</exception>
    public async Task<EslMessage> SendAsync(IEslCommand command, string operation, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            throw Lost();
        }

        long started = Stopwatch.GetTimestamp();
        var pending = new PendingCommand(command);
        if (!_outgoing.Writer.TryWrite(pending))
        {
            try
            {
                await _outgoing.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                throw Lost();
            }
        }

        try
        {
            var reply = await pending.Reply.Task.WaitPreferringResultAsync(timeout, cancellationToken).ConfigureAwait(false);
            EslDiagnostics.RecordDuration(operation, "ok", started);
            return reply;
        }
        catch (TimeoutException)
        {
            pending.Abandon();
            string rendered = command.ToString() ?? operation;
            EslLog.CommandTimedOut(_logger, timeout.TotalMilliseconds, rendered);
            EslDiagnostics.RecordDuration(operation, "timeout", started);
            throw new EslCommandTimeoutException(rendered, timeout);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            pending.Abandon();
            throw;
        }
        catch (EslConnectionLostException)
        {
            EslDiagnostics.RecordDuration(operation, "lost", started);
            throw;
        }
    }

    /// <summary>Sends a command and checks its reply: anything but <c>+OK …</c> throws <see cref="EslCommandFailedException"/>.</summary>
    /// <exception cref="EslConnectionLostException">The connection is closed or ended before the reply.</exception>
    /// <exception cref="EslCommandTimeoutException">No reply within <paramref name="timeout"/>.</exception>
    public async Task<EslMessage> SendCheckedAsync(IEslCommand command, string operation, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(command, operation, timeout, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(command, reply);
        return reply;
    }

    /// <summary>Closes the connection now; commands in flight fail with <see cref="EslConnectionLostException"/>.</summary>
    public void Abort(Exception? reason) => Shutdown(reason);

    /// <summary>
    /// Sends several commands at once (pipelined) and checks their replies in order: the first that is not
    /// <c>+OK</c> throws <see cref="EslCommandFailedException"/>. Every reply is awaited, so none is left unobserved.
    /// </summary>
    public async Task SendAllCheckedAsync(IReadOnlyList<(IEslCommand Command, string Operation)> commands, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var replies = commands.Select(c => SendAsync(c.Command, c.Operation, timeout, cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(replies).ConfigureAwait(false);
        }
        catch
        {
            // Rethrow the first failure in command order, not whichever Task.WhenAll picked.
            foreach (var reply in replies)
            {
                await reply.ConfigureAwait(false);
            }

            throw;
        }

        for (int i = 0; i < replies.Length; i++)
        {
            EnsureSuccess(commands[i].Command, replies[i].Result);
        }
    }

    // The command is rendered (and its secrets masked) only for the error.
    private static void EnsureSuccess(IEslCommand command, EslMessage reply)
    {
        if (!EslCommandReply.IsOk(reply))
        {
            new EslCommandReply(command.ToString()!, reply).EnsureSuccess();
        }
    }

    /// <summary>True while commands written to FreeSWITCH wait for their replies.</summary>
    public bool AwaitingReplies => !_awaitingReply.IsEmpty;

    /// <summary>Closes and releases everything; safe to call more than once and from several threads.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            await DisposeCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _disposed.TrySetResult();
        }
    }

    private async Task DisposeCoreAsync()
    {
        Shutdown(null);

        // The loops record their own failures; disposing never rethrows them.
        await Task.WhenAll(_readLoop, _writeLoop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await _input.CompleteAsync().ConfigureAwait(false);

            // Completing the writer flushes what is left, into a stream that may already be closed.
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The connection is gone; the bytes that never left belonged to commands already failed.
        }
        _frames.Dispose();
        _stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            long position = 0;
            while (true)
            {
                var result = await _input.ReadAsync(_stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (_frames.TryReadFrame(ref buffer, out var frame))
                    {
                        Dispatch(frame);
                    }

                    if (result.IsCompleted || result.IsCanceled)
                    {
                        _frames.Complete(buffer);
                        break;
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (EslDiagnostics.BytesReceived.Enabled)
                {
                    EslDiagnostics.BytesReceived.Add(_frames.Position - position);
                }

                position = _frames.Position;
            }

            error = new EslConnectionLostException($"FreeSWITCH at {Endpoint} closed the connection");
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Malformed input, a broken socket, or (last resort) a fault in code the read loop called:
            // whatever it is, the connection is over and everything in flight learns why.
            error = ex;
        }
        finally
        {
            Shutdown(error);
        }
    }

    private void Dispatch(in EslFrame frame)
    {
        if (EslDiagnostics.FramesReceived.Enabled)
        {
            EslDiagnostics.FramesReceived.Add(1, new KeyValuePair<string, object?>("content_type", EslContentTypes.GetName(frame.ContentType) ?? "unknown"));
        }

        if (frame.ContentType is EslContentType.CommandReply or EslContentType.ApiResponse)
        {
            if (_awaitingReply.TryDequeue(out var pending))
            {
                pending.Reply.TrySetResult(frame.ToMessage());
            }
            else
            {
                EslLog.UnexpectedReply(_logger, Endpoint);
            }

            return;
        }

        _handler.OnFrame(frame);
    }

    private async Task WriteLoopAsync()
    {
        Exception? error = null;
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var pending))
                {
                    if (!pending.TryMarkWritten())
                    {
                        continue; // its caller gave up before it was sent
                    }

                    // Written before it is registered (its bytes only leave at the flush below, so the reply
                    // still cannot arrive first): a command that cannot write itself fails alone.
                    long before = _output.UnflushedBytes;
                    try
                    {
                        pending.Command.WriteTo(_output);
                    }
                    catch (Exception ex) when (_output.UnflushedBytes == before)
                    {
                        pending.Fail(ex);
                        continue;
                    }

                    _awaitingReply.Enqueue(pending);
                    if (!IsOpen)
                    {
                        FailInFlight();
                        return;
                    }
                }

                long unflushed = _output.UnflushedBytes;
                var flush = await _output.FlushAsync(_stop.Token).ConfigureAwait(false);
                if (EslDiagnostics.BytesSent.Enabled)
                {
                    EslDiagnostics.BytesSent.Add(unflushed);
                }

                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A broken socket, or a command that failed half-way through writing itself: the stream is
            // no longer a sequence of whole packets, so the connection ends.
            error = ex;
        }
        finally
        {
            if (error is not null)
            {
                Shutdown(error);
            }
        }
    }

    private void Shutdown(Exception? reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _closeReason = reason;
        _outgoing.Writer.TryComplete();
        _stop.Cancel();
        _input.CancelPendingRead();
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // Already broken: nothing more to release.
        }

        FailInFlight();
        _completion.TrySetResult(reason);
    }

    // Fails every command queued or written and not answered. Safe to call repeatedly and concurrently:
    // each command is taken off its queue by exactly one caller.
    private void FailInFlight()
    {
        var lost = Lost();
        while (_outgoing.Reader.TryRead(out var queued))
        {
            queued.Fail(lost);
        }

        while (_awaitingReply.TryDequeue(out var written))
        {
            written.Fail(lost);
        }
    }

    private EslConnectionLostException Lost() =>
        new(_closeReason is null ? $"The connection to FreeSWITCH at {Endpoint} is closed" : $"The connection to FreeSWITCH at {Endpoint} was lost: {_closeReason.Message}", _closeReason);
}
