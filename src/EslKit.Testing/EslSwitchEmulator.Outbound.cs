using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EslKit.Testing;

/// <summary>The outbound side: calls that connect to an outbound socket server, as the <c>socket</c> application does.</summary>
public sealed partial class EslSwitchEmulator
{
    private readonly ConcurrentDictionary<string, EslEmulatorOutboundCall> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<EslEmulatorConnection, byte> _outboundListeners = new();
    private long _nextSessionId;

    /// <summary>The outbound calls in progress (a call leaves the list once its socket is closed and its hangup is done).</summary>
    public IReadOnlyList<EslEmulatorOutboundCall> OutboundCalls => [.. _calls.Values];

    /// <summary>
    /// Places a call on an outbound socket server, as FreeSWITCH's <c>socket host:port [async] [full]</c>
    /// application does: opens a TCP connection to <paramref name="target"/> and waits (up to
    /// <see cref="EslOutboundCallOptions.ConnectTimeout"/>) for <c>connect</c>, which it answers with the channel
    /// data; then it serves the session as the channel would. Returns once the TCP connection is open.
    /// </summary>
    /// <exception cref="SocketException">Nothing accepted the connection (the channel is gone again).</exception>
    public async Task<EslEmulatorOutboundCall> ConnectOutboundAsync(IPEndPoint target, EslOutboundCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var copy = (options ?? new EslOutboundCallOptions()).Clone();
        if (copy.ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ConnectTimeout must be positive.", nameof(options));
        }

        var call = new EslEmulatorOutboundCall(this, target, copy);
        RegisterChannel(call.Channel);
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            ForgetChannel(call.Channel);
            throw;
        }

        var connection = new EslEmulatorConnection(this, socket, Interlocked.Increment(ref _nextConnectionId), call);
        call.Attach(connection);
        _calls[call.Channel.Id] = call;
        call.Start();
        connection.Start();
        return call;
    }

    /// <summary>
    /// Places <paramref name="count"/> calls on <paramref name="target"/> at once (see <see cref="ConnectOutboundAsync"/>),
    /// opening at most <paramref name="maxConnecting"/> TCP connections at a time so a server's accept backlog is not
    /// flooded. Each call costs a socket and a few small buffers, never a thread.
    /// </summary>
    /// <param name="target">The outbound socket server.</param>
    /// <param name="count">How many calls.</param>
    /// <param name="options">Options per call (its index); null uses the defaults for all.</param>
    /// <param name="maxConnecting">TCP connects in flight at most (default 128).</param>
    /// <param name="cancellationToken">Stops placing more calls.</param>
    /// <returns>The calls, in index order.</returns>
    public async Task<IReadOnlyList<EslEmulatorOutboundCall>> ConnectOutboundManyAsync(IPEndPoint target, int count, Func<int, EslOutboundCallOptions>? options = null, int maxConnecting = 128, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnecting, 1);
        var calls = new EslEmulatorOutboundCall[count];
        using var gate = new SemaphoreSlim(maxConnecting);
        var tasks = new Task[count];
        for (int i = 0; i < count; i++)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            int index = i;
            tasks[i] = Task.Run(
                async () =>
                {
                    try
                    {
                        calls[index] = await ConnectOutboundAsync(target, options?.Invoke(index), cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                },
                CancellationToken.None);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        return calls;
    }

    /// <summary>Waits until every outbound call placed so far has finished (see <see cref="EslEmulatorOutboundCall.Completion"/>).</summary>
    public Task WaitForOutboundCallsAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(() => _calls.IsEmpty, () => $"{_calls.Count} outbound call(s) still in progress", timeout, cancellationToken);

    internal long NextSessionId() => Interlocked.Increment(ref _nextSessionId);

    internal void ForgetCall(EslEmulatorOutboundCall call)
    {
        _calls.TryRemove(new KeyValuePair<string, EslEmulatorOutboundCall>(call.Channel.Id, call));
        ForgetChannel(call.Channel);
    }

    /// <summary>An outbound socket that used <c>event</c> hears every event its subscription takes, not only its own channel's.</summary>
    internal void AddOutboundListener(EslEmulatorConnection connection) => _outboundListeners.TryAdd(connection, 0);

    internal void RemoveOutboundListener(EslEmulatorConnection connection) => _outboundListeners.TryRemove(connection, out _);

    /// <summary>The controlled channel is down: every socket controlling it (its own, inbound <c>myevents &lt;uuid&gt;</c>) reacts.</summary>
    internal void NotifyChannelDown(EslEmulatorChannel channel)
    {
        channel.OutboundCall?.Connection.OnChannelDown(channel);
        foreach (var connection in ActiveConnections)
        {
            connection.OnChannelDown(channel);
        }
    }

    /// <summary>An event of an outbound call, to every listener but its own socket (which the call served itself).</summary>
    internal void DeliverToOthers(Delivery delivery, EslEmulatorConnection? own)
    {
        foreach (var connection in ActiveConnections)
        {
            connection.TryDeliver(delivery);
        }

        if (!_outboundListeners.IsEmpty)
        {
            foreach (var connection in _outboundListeners.Keys)
            {
                if (!ReferenceEquals(connection, own))
                {
                    connection.TryDeliver(delivery);
                }
            }
        }
    }

    /// <summary>A published event also reaches the outbound sockets: those listening to everything, and the socket of the channel it is about.</summary>
    private void DeliverToOutbound(Delivery delivery)
    {
        EslEmulatorConnection? own = null;
        if (!_calls.IsEmpty && delivery.UniqueId is { } uuid && _calls.TryGetValue(uuid, out var call))
        {
            own = call.Connection;
            own.TryDeliver(delivery);
        }

        foreach (var connection in _outboundListeners.Keys)
        {
            if (!ReferenceEquals(connection, own))
            {
                connection.TryDeliver(delivery);
            }
        }
    }

    internal async Task StopOutboundAsync(bool notifyClients, CancellationToken cancellationToken)
    {
        var calls = OutboundCalls;
        foreach (var call in calls)
        {
            var connection = call.Connection;
            connection.Resume();
            if (notifyClients)
            {
                connection.Kill(Internal.FsText.Shutdown);
            }
            else
            {
                connection.Abort();
            }
        }

        foreach (var call in calls)
        {
            await call.Connection.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
