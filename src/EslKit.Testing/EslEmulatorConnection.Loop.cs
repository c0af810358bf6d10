using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using EslKit.Protocol;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

public sealed partial class EslEmulatorConnection
{
    private const int BatchBytes = 64 * 1024;

    private readonly ConcurrentQueue<OutItem> _outbox = new();
    private readonly CancellationTokenSource _abort = new();      // drop: cancels socket I/O
    private readonly CancellationTokenSource _processing = new(); // kill: cancels handlers and waits, never a write in progress
    private readonly FsPacketParser _parser = new();
    private ByteBuffer? _batch;
    private const int ReceiveBufferBytes = 16 * 1024;
    private byte[]? _rx; // pooled while it holds bytes not parsed yet
    private int _rxStart;
    private int _rxEnd;
    private Task<int>? _pendingReceive;
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource? _stallGate;
    private int _readChunk;
    private TimeSpan _readDelay;
    private int _queuedEvents;
    private int _queuedLogs;
    private int _lostEvents;
    private int _lostLogs;
    private int _eventGeneration;
    private int _logGeneration;
    private long _bytesSent;
    private long _bytesReceived;
    private volatile bool _killRequested;
    private string? _killNotice;
    private volatile bool _dropped;
    private volatile bool _closing;
    private EslConnectionEnd _end = EslConnectionEnd.ClientClosed;

    // Hangup of the controlled channel (read_packet's LFLAG_HANDLE_DISCO and linger).
    private readonly TaskCompletionSource _downHandled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _channelDown;
    private volatile bool _sessionReleased; // the session let go of the socket (EndSessionAsync): the end is SessionEnded
    private bool _handleDisco;
    private long? _lingerDeadline;

    private enum OutKind
    {
        Event,
        Log,
        Raw,
    }

    internal void Start() => _ = Task.Run(RunAsync);

    /// <summary>
    /// kill_listener: the notice (if any) goes out after any frame being written, queued output is
    /// discarded, and the connection closes.
    /// </summary>
    internal void Kill(string? notice)
    {
        lock (_lock)
        {
            if (_killRequested || _closing)
            {
                return;
            }

            _killNotice = notice;
            _killRequested = true;
        }

        _ = _processing.CancelAsync();
        Wake();
    }

    /// <summary>
    /// The lingering session is over (its channel reported and is going): the events already queued go out, then the
    /// socket closes without a notice, as FreeSWITCH's listener does when the session it holds is released.
    /// </summary>
    internal async Task EndSessionAsync()
    {
        if (!IsConnected)
        {
            return;
        }

        try
        {
            await SendRawAsync(ReadOnlyMemory<byte>.Empty).ConfigureAwait(false); // in order after the queued events
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            return; // closed meanwhile
        }

        _sessionReleased = true;
        Kill(null);
        await _completion.Task.ConfigureAwait(false);
    }

    /// <summary>An abortive close: linger 0, so the peer sees a reset.</summary>
    internal void Abort()
    {
        _dropped = true;
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // already closed
        }

        _ = _abort.CancelAsync();
        _ = _processing.CancelAsync();
        Wake();
    }

    internal bool TryDeliver(EslSwitchEmulator.Delivery delivery)
    {
        if (_onlyUniqueId is { } only && only != delivery.UniqueId)
        {
            return false; // another channel's event: the myevents check below would refuse it too
        }

        EslEventFormat format;
        int generation;
        lock (_lock)
        {
            if (!_running || _closing || _killRequested || !_eventsEnabled)
            {
                return false;
            }

            // event_handler: ALL, or the type (and for CUSTOM with a subclass, that subclass).
            bool send = _eventList[FsEventTypes.All] ||
                (delivery.EventId >= 0 && _eventList[delivery.EventId] &&
                 (delivery.EventId != FsEventTypes.Custom || delivery.Subclass is null || SubclassSubscribed(delivery.Subclass)));
            if (send && _filters.Count > 0)
            {
                send = PassesFilters(delivery.Copy);
            }

            if (send && _myEvents)
            {
                string? uuid = delivery.UniqueId;
                if (uuid is null || (_session is not null && uuid != _session.Id))
                {
                    send = false;
                }
            }

            if (!send)
            {
                return false;
            }

            format = _format;
            generation = _eventGeneration;
        }

        return Enqueue(OutKind.Event, delivery.Frame(format), generation, null);
    }

    /// <summary>read_packet with CF_DIVERT_EVENTS: a session event goes straight into this socket's queue (no subscription needed).</summary>
    internal bool DeliverDiverted(EslSwitchEmulator.Delivery delivery)
    {
        EslEventFormat format;
        int generation;
        lock (_lock)
        {
            if (!_running || _closing || _killRequested)
            {
                return false;
            }

            format = _format;
            generation = _eventGeneration;
        }

        return Enqueue(OutKind.Event, delivery.Frame(format), generation, null);
    }

    internal void TryDeliverLog(int level, byte[] frame)
    {
        int generation;
        lock (_lock)
        {
            if (!_running || _closing || _killRequested || !_logEnabled || _logLevel < level)
            {
                return;
            }

            generation = _logGeneration;
        }

        Enqueue(OutKind.Log, frame, generation, null);
    }

    /// <summary>Completes once this socket reacted to its channel going down (linger notice sent) or closed.</summary>
    internal Task DownHandled => _downHandled.Task;

    internal void OnChannelDown(EslEmulatorChannel channel)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_session, channel))
            {
                return;
            }
        }

        _channelDown = true;
        Wake();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private bool Enqueue(OutKind kind, byte[] bytes, int generation, TaskCompletionSource? done)
    {
        if (kind != OutKind.Raw)
        {
            // switch_queue_trypush on a MAX_QUEUE_LEN queue; MAX_MISSED losses in a row kill the listener.
            ref int queued = ref kind == OutKind.Event ? ref _queuedEvents : ref _queuedLogs;
            ref int lost = ref kind == OutKind.Event ? ref _lostEvents : ref _lostLogs;
            if (Interlocked.Increment(ref queued) > _options.MaxQueuedEvents)
            {
                Interlocked.Decrement(ref queued);
                if (Interlocked.Increment(ref lost) > _options.MaxLostEvents)
                {
                    Kill(kind == OutKind.Event ? FsText.LostEvents : FsText.LostLogLines);
                }

                return false;
            }

            Interlocked.Exchange(ref lost, 0);
        }

        _outbox.Enqueue(new OutItem(kind, bytes, generation, done));
        Wake();
        return true;
    }

    private async Task RunAsync()
    {
        EslConnectionEnd end;
        try
        {
            _socket.NoDelay = true;
            if (Call is { } call)
            {
                end = await RunOutboundAsync(call).ConfigureAwait(false);
            }
            else if (_options.AclRejects?.Invoke(RemoteEndPoint) == true)
            {
                await SendAsync(FsText.RudeRejection(), _abort.Token).ConfigureAwait(false);
                end = EslConnectionEnd.AclRejected;
            }
            else
            {
                await SendAsync(FsText.AuthRequest, _abort.Token).ConfigureAwait(false);

                // Only the first packet is timed (25 s); whatever it was, the main loop then reads without a limit.
                var (packet, stop) = await ReadPacketAsync(_options.AuthTimeout).ConfigureAwait(false);
                end = stop;
                if (packet is not null)
                {
                    await HandlePacketAsync(packet).ConfigureAwait(false);
                    while (_running)
                    {
                        (packet, stop) = await ReadPacketAsync(null).ConfigureAwait(false);
                        if (packet is null)
                        {
                            end = stop;
                            break;
                        }

                        await HandlePacketAsync(packet).ConfigureAwait(false);
                    }

                    if (!_running && packet is not null)
                    {
                        end = _end;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            end = _dropped ? EslConnectionEnd.Dropped : _killRequested ? EslConnectionEnd.Killed : EslConnectionEnd.Dropped;
        }
        catch (Exception ex)
        {
            // A bug in the emulator itself: make it visible to the test instead of hanging.
            _emulator.RecordHandlerError(ex);
            end = EslConnectionEnd.Dropped;
            Abort();
        }

        if (_killRequested && !_dropped)
        {
            end = EslConnectionEnd.Killed;
        }

        await FinishAsync(end).ConfigureAwait(false);
    }

    /// <summary>
    /// listener_run for a session the switch connected (the socket application): no auth/request; the first packet
    /// must come within the connect timeout and its reply is never sent (only <c>connect</c> writes, its channel data).
    /// </summary>
    private async Task<EslConnectionEnd> RunOutboundAsync(EslEmulatorOutboundCall call)
    {
        var (packet, stop) = await ReadPacketAsync(call.Options.ConnectTimeout).ConfigureAwait(false);
        if (packet is null)
        {
            return stop == EslConnectionEnd.AuthTimeout ? EslConnectionEnd.ConnectTimeout : stop;
        }

        await HandlePacketAsync(packet, suppressReply: true).ConfigureAwait(false);
        while (_running)
        {
            (packet, stop) = await ReadPacketAsync(null).ConfigureAwait(false);
            if (packet is null)
            {
                return stop;
            }

            await HandlePacketAsync(packet).ConfigureAwait(false);
        }

        return _end;
    }

    /// <summary>
    /// read_packet: parse what is buffered; when idle between packets, write queued log lines and events;
    /// check the controlled channel; then wait for bytes, new output or a deadline.
    /// </summary>
    private async Task<(FsPacket? Packet, EslConnectionEnd End)> ReadPacketAsync(TimeSpan? timeout)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            await WaitWhileStalledAsync().ConfigureAwait(false);

            // Re-arm the wake-up before looking at anything, so a kill or output queued after the look is not missed.
            if (_wake.Task.IsCompleted)
            {
                _wake = NewSignal();
            }

            if (_dropped)
            {
                return (null, EslConnectionEnd.Dropped);
            }

            if (_killRequested)
            {
                return (null, EslConnectionEnd.Killed);
            }

            if (_rxStart < _rxEnd)
            {
                int used = _parser.Feed(_rx!.AsSpan(_rxStart, _rxEnd - _rxStart), out var packet);
                _rxStart += used;
                if (_rxStart == _rxEnd)
                {
                    ReturnReceiveBuffer();
                }

                if (packet is not null)
                {
                    return (packet, default);
                }

                continue;
            }

            if (_parser.IsIdle && await FlushOutboxAsync().ConfigureAwait(false))
            {
                continue;
            }

            if (await CheckSessionAsync().ConfigureAwait(false))
            {
                return (null, EslConnectionEnd.SessionEnded);
            }

            TimeSpan? wait = null;
            if (timeout is { } limit)
            {
                var left = limit - Stopwatch.GetElapsedTime(start);
                if (left <= TimeSpan.Zero)
                {
                    return (null, EslConnectionEnd.AuthTimeout);
                }

                wait = left;
            }

            if (_lingerDeadline is { } deadline)
            {
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                wait = wait is { } w && w < left ? w : left;
                if (left <= TimeSpan.Zero)
                {
                    continue;
                }
            }

            _pendingReceive ??= StartReceive();
            if (wait is { } delay)
            {
                using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(_processing.Token);
                await Task.WhenAny(_pendingReceive, _wake.Task, Task.Delay(delay, stopDelay.Token)).ConfigureAwait(false);
                await stopDelay.CancelAsync().ConfigureAwait(false);
            }
            else
            {
                await Task.WhenAny(_pendingReceive, _wake.Task).ConfigureAwait(false);
            }

            if (_pendingReceive.IsCompleted)
            {
                var receive = _pendingReceive;
                _pendingReceive = null;
                int received = await receive.ConfigureAwait(false);
                if (received == 0)
                {
                    return (null, EslConnectionEnd.ClientClosed);
                }

                _rxEnd += received;
                Interlocked.Add(ref _bytesReceived, received);
                if (_readDelay > TimeSpan.Zero)
                {
                    await Task.Delay(_readDelay, _processing.Token).ConfigureAwait(false);
                }
            }
        }
    }

    private Task<int> StartReceive()
    {
        // Every buffered byte has been parsed before we read again.
        _rxStart = 0;
        _rxEnd = 0;
        return ReceiveAsync();
    }

    /// <summary>
    /// Waits for bytes without holding a buffer (a zero-byte read), then reads them into a pooled one: an idle
    /// connection keeps no receive buffer, so thousands of open sessions stay cheap.
    /// </summary>
    private async Task<int> ReceiveAsync()
    {
        await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, _abort.Token).ConfigureAwait(false);
        _rx ??= ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
        int size = _readChunk > 0 ? Math.Min(_readChunk, _rx.Length) : _rx.Length;
        return await _socket.ReceiveAsync(_rx.AsMemory(0, size), SocketFlags.None, _abort.Token).ConfigureAwait(false);
    }

    private void ReturnReceiveBuffer()
    {
        if (_rx is { } buffer)
        {
            _rx = null;
            _rxStart = 0;
            _rxEnd = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes queued output in order, batched; returns true when anything was taken from the queue.</summary>
    private async Task<bool> FlushOutboxAsync()
    {
        if (_outbox.IsEmpty)
        {
            return false;
        }

        // The batch buffer is pooled while writing, so an idle connection holds none.
        var batch = _batch = new ByteBuffer(ArrayPool<byte>.Shared.Rent(BatchBytes));
        try
        {
            return await FlushOutboxCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _batch = null;
            batch.ReturnToPool();
        }
    }

    private async Task<bool> FlushOutboxCoreAsync()
    {
        var batch = _batch!;
        bool any = false;
        List<TaskCompletionSource>? written = null;
        while (!_killRequested && _outbox.TryDequeue(out var item))
        {
            any = true;
            switch (item.Kind)
            {
                case OutKind.Event:
                    Interlocked.Decrement(ref _queuedEvents);
                    if (item.Generation != Volatile.Read(ref _eventGeneration))
                    {
                        continue; // flushed by noevents
                    }

                    break;
                case OutKind.Log:
                    Interlocked.Decrement(ref _queuedLogs);
                    if (item.Generation != Volatile.Read(ref _logGeneration))
                    {
                        continue; // flushed by nolog
                    }

                    break;
                default:
                    (written ??= []).Add(item.Done!);
                    break;
            }

            batch.Append(item.Bytes);
            if (batch.Length >= BatchBytes)
            {
                await SendBatchAsync(batch, written).ConfigureAwait(false);
            }
        }

        if (batch.Length > 0 || written is { Count: > 0 })
        {
            await SendBatchAsync(batch, written).ConfigureAwait(false); // an empty raw write still reports it is done
        }

        return any;
    }

    private async Task SendBatchAsync(ByteBuffer batch, List<TaskCompletionSource>? written)
    {
        if (batch.Length > 0)
        {
            await SendAsync(batch.Memory, _abort.Token).ConfigureAwait(false);
        }

        batch.Clear();
        if (written is not null)
        {
            foreach (var done in written)
            {
                done.TrySetResult();
            }

            written.Clear();
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await WaitWhileStalledAsync().ConfigureAwait(false);
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes[sent..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Add(ref _bytesSent, bytes.Length);
    }

    /// <summary>read_packet's hangup handling: the linger notice once, or the end of the loop.</summary>
    private async Task<bool> CheckSessionAsync()
    {
        if (_handleDisco && _lingerDeadline is { } deadline && Stopwatch.GetTimestamp() > deadline)
        {
            return true;
        }

        if (!_channelDown || _handleDisco)
        {
            return false;
        }

        _handleDisco = true;
        EslEmulatorChannel session;
        int seconds;
        lock (_lock)
        {
            if (!_linger || _session is null)
            {
                return true;
            }

            session = _session;
            seconds = _lingerSeconds;
        }

        await SendAsync(FsText.LingerNotice(session.Id, session.Name, seconds), _abort.Token).ConfigureAwait(false);
        _downHandled.TrySetResult();
        if (seconds != -1)
        {
            _lingerDeadline = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
        }

        return false;
    }

    private async Task WaitWhileStalledAsync()
    {
        while (Volatile.Read(ref _stallGate) is { } gate)
        {
            await gate.Task.WaitAsync(_abort.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The end of listener_run: the goodbye (or kill) notice, then close.</summary>
    private async Task FinishAsync(EslConnectionEnd end)
    {
        string? sessionUuid;
        lock (_lock)
        {
            _closing = true;
            _running = false;
            sessionUuid = _session?.Id;
        }

        EndReason = _sessionReleased ? EslConnectionEnd.SessionEnded : end;
        DiscardOutbox(); // flush_listener: queued events die with the listener
        bool lingering = false;
        if (!_dropped && end != EslConnectionEnd.Dropped)
        {
            string? notice = end == EslConnectionEnd.Killed ? _killNotice : FsText.Goodbye;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
            limit.CancelAfter(_options.CloseLingerTimeout);
            try
            {
                if (notice is not null)
                {
                    await SendAsync(FsText.DisconnectNotice(notice, sessionUuid), limit.Token).ConfigureAwait(false);
                }

                _socket.Shutdown(SocketShutdown.Send);
                lingering = true;
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // the client went away first, or did not read in time
            }
        }

        if (lingering)
        {
            // The FIN is out; the socket stays open in the background until the client closes its side, so
            // whatever it still sends does not turn our close into a reset that could cost it unread bytes.
            _ = LingerThenCloseAsync();
        }
        else
        {
            ReleaseSocket();
        }

        DiscardOutbox();
        if (Call is { } call)
        {
            _emulator.RemoveOutboundListener(this);
            _downHandled.TrySetResult();
            call.OnConnectionEnded();
        }

        _completion.TrySetResult();
        _emulator.NotifyChanged();
    }

    /// <summary>Closes the socket now (also cuts a background linger short).</summary>
    internal void ReleaseSocket()
    {
        if (_pendingReceive is { } pending)
        {
            _pendingReceive = null;
            _ = pending.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        _socket.Dispose();
    }

    private async Task LingerThenCloseAsync()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        limit.CancelAfter(_options.CloseLingerTimeout);
        byte[] drain = new byte[512];
        try
        {
            while (true)
            {
                var receive = _pendingReceive ?? _socket.ReceiveAsync(drain, SocketFlags.None, limit.Token).AsTask();
                _pendingReceive = null;
                if (await receive.WaitAsync(limit.Token).ConfigureAwait(false) == 0)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // closed, reset or out of time: close anyway
        }

        ReleaseSocket();
    }

    private void DiscardOutbox()
    {
        while (_outbox.TryDequeue(out var item))
        {
            switch (item.Kind)
            {
                case OutKind.Event:
                    Interlocked.Decrement(ref _queuedEvents);
                    break;
                case OutKind.Log:
                    Interlocked.Decrement(ref _queuedLogs);
                    break;
                default:
                    item.Done?.TrySetException(new IOException($"Connection {Id} closed before the bytes were written."));
                    break;
            }
        }
    }

    private readonly record struct OutItem(OutKind Kind, byte[] Bytes, int Generation, TaskCompletionSource? Done);
}
