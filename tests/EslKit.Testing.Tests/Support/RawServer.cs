using System.Net;
using System.Net.Sockets;

namespace EslKit.Testing.Tests.Support;

/// <summary>A bare loopback listener standing in for an outbound socket server: each accepted call is a <see cref="RawClient"/>.</summary>
public sealed class RawServer : IDisposable
{
    private readonly Socket _listener;

    public RawServer()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public async Task<RawClient> AcceptAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return RawClient.FromSocket(await _listener.AcceptAsync(cancel.Token));
    }

    /// <summary>Places a call from <paramref name="fs"/> to this server and accepts it.</summary>
    public async Task<(EslEmulatorOutboundCall Call, RawClient Peer)> CallAsync(EslSwitchEmulator fs, EslOutboundCallOptions? options = null)
    {
        var accept = AcceptAsync();
        var call = await fs.ConnectOutboundAsync(EndPoint, options);
        return (call, await accept);
    }

    public void Dispose() => _listener.Dispose();
}
