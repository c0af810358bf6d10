using EslKit.Testing.Internal;

namespace EslKit.Testing;

public sealed partial class EslEmulatorConnection
{
    /// <summary>True while <see cref="Stall"/> is in force.</summary>
    public bool IsStalled => Volatile.Read(ref _stallGate) is not null;

    /// <summary>Drops the connection abortively (TCP reset, no notice), like a crash or a cut cable; waits until it is closed.</summary>
    public async Task DropAsync(CancellationToken cancellationToken = default)
    {
        Abort();
        await _completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the connection the way FreeSWITCH's kill_listener does: a <c>text/disconnect-notice</c> with
    /// <paramref name="notice"/> (null for none; by default the goodbye text), written after any frame in
    /// progress, then a close. Queued events are discarded. Waits until it is closed.
    /// </summary>
    public async Task CloseGracefullyAsync(string? notice = EslSwitchEmulator.GoodbyeMessage, CancellationToken cancellationToken = default)
    {
        Resume();
        Kill(notice);
        await _completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops reading and writing (bytes pile up in the socket buffers) until <see cref="Resume"/>; events keep being queued and can overflow.</summary>
    public void Stall() => Interlocked.CompareExchange(ref _stallGate, NewSignal(), null);

    /// <summary>Ends a <see cref="Stall"/>.</summary>
    public void Resume() => Interlocked.Exchange(ref _stallGate, null)?.TrySetResult();

    /// <summary>Stalls for <paramref name="duration"/>, then resumes.</summary>
    public async Task StallAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        Stall();
        try
        {
            await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Resume();
        }
    }

    /// <summary>
    /// Reads the client's bytes slowly: at most <paramref name="bytesPerRead"/> per receive, with
    /// <paramref name="delay"/> after each, and a small socket receive buffer, so the client's writes back up.
    /// </summary>
    public void ReadSlowly(int bytesPerRead, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerRead, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _readChunk = bytesPerRead;
        _readDelay = delay;
        try
        {
            _socket.ReceiveBufferSize = Math.Max(bytesPerRead, 1024);
        }
        catch (ObjectDisposedException)
        {
            // closed meanwhile
        }
    }

    /// <summary>Undoes <see cref="ReadSlowly"/> (the receive buffer keeps its smaller size).</summary>
    public void ReadNormally()
    {
        _readChunk = 0;
        _readDelay = TimeSpan.Zero;
    }

    /// <summary>
    /// Writes raw bytes (garbage, a partial frame, an oversized Content-Length …) to the client, in order with
    /// queued events, between command packets (not while stalled); completes once they are on the socket.
    /// </summary>
    /// <remarks>Do not await it inside an api handler of the same connection: the bytes go out after that handler's response.</remarks>
    /// <exception cref="InvalidOperationException">The connection is closed.</exception>
    /// <exception cref="IOException">It closed before the bytes went out.</exception>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        if (!IsConnected)
        {
            throw new InvalidOperationException($"Connection {Id} is closed.");
        }

        var done = NewSignal();
        Enqueue(OutKind.Raw, bytes.ToArray(), 0, done);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes raw text (UTF-8); see <see cref="SendRawAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.</summary>
    public Task SendRawAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendRawAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <summary>Sends a <c>text/disconnect-notice</c> with <paramref name="message"/> (the session form if this connection controls a channel) without closing.</summary>
    public Task SendDisconnectNoticeAsync(string message = EslSwitchEmulator.GoodbyeMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendRawAsync(FsText.DisconnectNotice(message, ControlledSessionUuid?.ToString("D")), cancellationToken);
    }
}
