using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EslKit.Controller.Calls;
using EslKit.Controller.Calls.Voice;
using EslKit.Controller.Nodes;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// The whole controller as Program wires it (AddEslKitController + AddControllerCalls) in a host, on a test
/// database, with one node: the switch emulator over loopback (gateway <c>trunk</c> registered). The outbound
/// socket server listens on a free port and the originates dial it back.
/// </summary>
internal sealed class ControllerHarness : IAsyncDisposable
{
    private ControllerHarness(EslSwitchEmulator fs, IHost host, CapturingLoggerProvider logs, int socketPort, string journalDirectory)
    {
        Switch = fs;
        Host = host;
        Logs = logs;
        SocketPort = socketPort;
        JournalDirectory = journalDirectory;
    }

    /// <summary>The local result journal's folder (a temporary one per harness).</summary>
    public string JournalDirectory { get; }

    /// <summary>The node.</summary>
    public EslSwitchEmulator Switch { get; }

    public IHost Host { get; }

    /// <summary>Every log line of the controller.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>Where FreeSWITCH (the emulator) connects answered calls.</summary>
    public int SocketPort { get; }

    public T Get<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    public FreeSwitchNode Node => Get<NodeRegistry>().Nodes[0];

    public static Task<ControllerHarness> StartAsync(TestDatabase database, HarnessOptions? options = null) =>
        StartAsync(database.DataSource, options);

    /// <summary>The controller on <paramref name="dataSource"/> (a database of the caller's, e.g. on a cluster the test stops).</summary>
    public static async Task<ControllerHarness> StartAsync(Npgsql.NpgsqlDataSource dataSource, HarnessOptions? options = null)
    {
        options ??= new HarnessOptions();
        var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions
        {
            Password = options.SwitchPassword,
            SessionsPerSecond = options.SwitchSessionsPerSecond,
            MaxSessions = options.SwitchMaxSessions,
            HeartbeatInterval = TimeSpan.FromSeconds(2),
            TimeProvider = options.SwitchTime ?? TimeProvider.System,
        });
        try
        {
            fs.Calls.AddGateway("trunk");
            options.ConfigureSwitch?.Invoke(fs);
            int socketPort = FreePort();
            string journal = TestFolders.Create("eslkit-journal");
            var settings = new Dictionary<string, string?>
            {
                ["Secrets:Keys:k1"] = ControllerServices.KeyOne,
                ["Secrets:CurrentKeyId"] = "k1",
                ["Routing:SharedGateway"] = "trunk",
                ["Routing:SharedCallerId"] = "010894904",
                ["Routing:SocketHost"] = "127.0.0.1",
                ["Routing:SocketPort"] = Text(socketPort),
                ["Routing:OriginateTimeoutSeconds"] = Text(options.OriginateTimeoutSeconds),
                ["Routing:SharedGatewayConcurrencyLimit"] = Text(options.TrunkLimit),
                ["Dispatcher:InstanceId"] = "it-" + Guid.NewGuid().ToString("N")[..8],
                ["Dispatcher:Enabled"] = options.Dispatch ? "true" : "false",
                ["Dispatcher:IdlePollMilliseconds"] = "200",
                ["Dispatcher:HealthCheckSeconds"] = "1",
                ["Dispatcher:PacingMarginMilliseconds"] = Text(options.PacingMarginMilliseconds),
                ["Dispatcher:ShutdownGraceSeconds"] = "10",
                ["Nodes:0:Name"] = "fs1",
                ["Nodes:0:Host"] = "127.0.0.1",
                ["Nodes:0:Port"] = Text(fs.Port),
                ["Nodes:0:Password"] = fs.Password,
                ["Nodes:0:CallsPerSecond"] = Text(options.CallsPerSecond),
                ["Nodes:0:MaxSessions"] = Text(options.NodeMaxSessions),
                ["Calls:AudioStreamPort"] = "8090",
                ["Outbound:ShutdownTimeout"] = "00:00:05",
                ["Journal:Directory"] = journal,
                ["Journal:ReplayMilliseconds"] = "200",
            };
            foreach (var (key, value) in options.Configuration)
            {
                settings[key] = value;
            }

            var logs = new CapturingLoggerProvider();
            IHost host;
            if (options.Voice is { } voice)
            {
                // The voice pipeline needs the controller's web server (mod_audio_stream's WebSocket) on a loopback port.
                int webPort = FreePort();
                settings["Calls:AudioStreamPort"] = Text(webPort);
                var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
                web.WebHost.UseUrls($"http://127.0.0.1:{Text(webPort)}");
                web.Configuration.AddInMemoryCollection(settings);
                web.Logging.ClearProviders();
                web.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
                web.Services.AddEslKitController(web.Configuration, dataSource);
                voice.Register(web.Services);
                web.Services.AddControllerVoice(web.Configuration);
                web.Services.AddControllerCalls(web.Configuration);
                if (options.Time is { } webTime)
                {
                    web.Services.AddSingleton(webTime);
                }

                var app = web.Build();
                app.MapControllerVoice();
                host = app;
            }
            else
            {
                var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
                builder.Services.AddEslKitController(builder.Configuration, dataSource);
                builder.Services.AddControllerCalls(builder.Configuration);
                if (options.Time is { } time)
                {
                    builder.Services.AddSingleton(time);
                }

                host = builder.Build();
            }

            await host.StartAsync();
            var harness = new ControllerHarness(fs, host, logs, socketPort, journal);
            await harness.WaitUntilAsync(() => Task.FromResult(harness.Node.IsReady && harness.Node.GatewayUsable == options.ExpectGatewayUsable), "the node to be ready");
            return harness;
        }
        catch
        {
            await fs.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits (generously: the machine is loaded) until <paramref name="condition"/> holds.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}. Log tail:\n{string.Join("\n", Logs.Entries.TakeLast(40))}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync();
        }
        finally
        {
            Host.Dispose();
            await Switch.DisposeAsync();
            TestFolders.Delete(JournalDirectory);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
