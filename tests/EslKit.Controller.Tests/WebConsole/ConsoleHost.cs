using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EslKit.Controller.Nodes;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// The controller exactly as Program composes it (API and console), on a test database, served by Kestrel on
/// 127.0.0.1 (a free port) so a real browser can reach it, with one node: the switch emulator over loopback
/// (gateway <c>trunk</c> registered, a pro carrier that takes the hostile password). Answered calls dial back the
/// controller's outbound socket server on a free port.
/// </summary>
internal sealed class ConsoleHost : IAsyncDisposable
{
    private ConsoleHost(EslSwitchEmulator fs, ApiFactory app, string baseUrl)
    {
        Switch = fs;
        App = app;
        BaseUrl = baseUrl;
    }

    public EslSwitchEmulator Switch { get; }

    public ApiFactory App { get; }

    /// <summary>http://127.0.0.1:port (no trailing slash).</summary>
    public string BaseUrl { get; }

    public static async Task<ConsoleHost> StartAsync(TestDatabase database, Action<EslSwitchEmulator>? script = null, IDictionary<string, string?>? settings = null)
    {
        var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { HeartbeatInterval = TimeSpan.FromSeconds(2) });
        try
        {
            fs.Calls.AddGateway("trunk");
            script?.Invoke(fs);
            string socketPort = FreePort().ToString(CultureInfo.InvariantCulture);
            var values = new Dictionary<string, string?>
            {
                ["Routing:SocketHost"] = "127.0.0.1",
                ["Routing:SocketPort"] = socketPort,
                ["Outbound:Port"] = socketPort,
                ["Outbound:ShutdownTimeout"] = "00:00:05",
                ["Dispatcher:IdlePollMilliseconds"] = "200",
                ["Dispatcher:HealthCheckSeconds"] = "1",
                ["Nodes:0:Name"] = "fs1",
                ["Nodes:0:Host"] = "127.0.0.1",
                ["Nodes:0:Port"] = fs.Port.ToString(CultureInfo.InvariantCulture),
                ["Nodes:0:Password"] = fs.Password,
                ["Nodes:0:CallsPerSecond"] = "20",
                ["Calls:AudioStreamPort"] = "8090",
                ["Console:ProgressIntervalMilliseconds"] = "300",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            var app = new ApiFactory(database, values);
            app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            app.StartServer();
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            string baseUrl = addresses.Single().TrimEnd('/');
            Assert.StartsWith("http://127.0.0.1:", baseUrl, StringComparison.Ordinal);
            var host = new ConsoleHost(fs, app, baseUrl);
            var node = app.Services.GetRequiredService<NodeRegistry>().Nodes[0];
            await WaitUntilAsync(() => node.IsReady && node.GatewayUsable, "the node to be ready");
            return host;
        }
        catch
        {
            await fs.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits (generously: the machine is loaded) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.DisposeAsync();
        }
        finally
        {
            await Switch.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
