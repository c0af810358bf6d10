using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EslKit.Controller.Nodes;
using EslKit.Controller.Routing;
using EslKit.Testing;
using Microsoft.Extensions.Configuration;

namespace EslKit.Controller.Demo;

/// <summary>
/// The demo's switch when no FreeSWITCH is configured: the EslKit.Testing emulator on a free loopback port (with a
/// random ESL password), scripted by <see cref="DemoScenario"/>, and configured as the controller's only node —
/// before the host is built, since the node list is read then. The outbound socket server moves to a free port.
/// Disposed after the host stopped.
/// </summary>
internal sealed class DemoSwitch : IAsyncDisposable
{
    /// <summary>The demo node's name.</summary>
    public const string NodeName = "demo-switch";

    private DemoSwitch(EslSwitchEmulator emulator) => Emulator = emulator;

    /// <summary>The emulator.</summary>
    public EslSwitchEmulator Emulator { get; }

    /// <summary>
    /// Starts the emulator and points the configuration at it when <c>Nodes</c> is empty; returns null (and changes
    /// nothing) when FreeSWITCH nodes are configured.
    /// </summary>
    public static async Task<DemoSwitch?> StartIfNoNodesAsync(IConfigurationManager configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetSection(NodeOptions.Section).GetChildren().Any())
        {
            return null;
        }

        string gateway = configuration[$"{RoutingOptions.Section}:{nameof(RoutingOptions.SharedGateway)}"] is { Length: > 0 } g ? g : new RoutingOptions().SharedGateway;
        string password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var emulator = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions
        {
            Password = password,
            Hostname = NodeName,
            SessionsPerSecond = DemoScenario.SwitchSessionsPerSecond,
            MaxSessions = 200,
            HeartbeatInterval = TimeSpan.FromSeconds(20),
        }, cancellationToken).ConfigureAwait(false);
        DemoScenario.Script(emulator, gateway);
        var settings = new Dictionary<string, string?>
        {
            [$"{NodeOptions.Section}:0:{nameof(NodeOptions.Name)}"] = NodeName,
            [$"{NodeOptions.Section}:0:{nameof(NodeOptions.Host)}"] = "127.0.0.1",
            [$"{NodeOptions.Section}:0:{nameof(NodeOptions.Port)}"] = Text(emulator.Port),
            [$"{NodeOptions.Section}:0:{nameof(NodeOptions.Password)}"] = password,
            [$"{NodeOptions.Section}:0:{nameof(NodeOptions.CallsPerSecond)}"] = Text(DemoScenario.CallsPerSecond),
            [$"{NodeOptions.Section}:0:{nameof(NodeOptions.MaxSessions)}"] = "200",
            [$"{NodeOptions.Section}:0:{nameof(NodeOptions.SharedGateway)}"] = gateway,
            [$"{NodeOptions.Section}:0:{nameof(NodeOptions.ControllerAddress)}"] = "127.0.0.1",
            // Short rings and quick looks: the demo's calls last seconds.
            [$"{RoutingOptions.Section}:{nameof(RoutingOptions.OriginateTimeoutSeconds)}"] = "4",
            ["Dispatcher:IdlePollMilliseconds"] = "250",
            ["Dispatcher:HealthCheckSeconds"] = "1",
        };
        // The emulator dials back whatever the originate names: a free port, so the demo never collides with 8084.
        string socketPort = Text(FreePort());
        settings[$"{RoutingOptions.Section}:{nameof(RoutingOptions.SocketPort)}"] = socketPort;
        settings["Outbound:Port"] = socketPort;

        configuration.AddInMemoryCollection(settings);
        return new DemoSwitch(emulator);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Emulator.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
