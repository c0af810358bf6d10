using System.Net;
using System.Net.Sockets;
using EslKit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EslKit.Tests.Hosting;

/// <summary>EslKit.Hosting in a real host: configuration, validation at start, lifecycles, health checks.</summary>
public sealed class HostingTests
{
    private static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> register)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        register(builder.Services, builder.Configuration);
        builder.Services.AddHealthChecks();
        return builder.Build();
    }

    private static async Task<HealthReport> HealthAsync(IHost host) =>
        await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    [Fact]
    public async Task A_client_bound_from_configuration_connects_with_the_host_and_closes_with_it()
    {
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { Password = "From-Config-1" });
        using var host = Build(
            new()
            {
                ["FreeSwitch:Host"] = "127.0.0.1",
                ["FreeSwitch:Port"] = fs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["FreeSwitch:Password"] = "From-Config-1",
                ["FreeSwitch:CommandTimeout"] = "00:00:05",
                ["FreeSwitch:Reconnect:MaxDelay"] = "00:00:01",
                ["FreeSwitch:Subscription:Capacity"] = "123",
            },
            (services, configuration) =>
            {
                services.AddEslClient(configuration.GetSection("FreeSwitch"));
                services.AddHealthChecks().AddEslClient();
            });

        await host.StartAsync();
        var client = host.Services.GetRequiredService<EslClient>();
        await WaitUntilAsync(() => Task.FromResult(client.State == EslConnectionState.Connected));

        Assert.Equal("hosted", (await client.ApiAsync("echo", "hosted")).Body);
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(host)).Status);
        var options = host.Services.GetRequiredService<IOptionsMonitor<EslClientOptions>>().CurrentValue;
        Assert.Equal(123, options.Subscription.Capacity);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Reconnect.MaxDelay);
        Assert.Equal(10_000, new EslClientOptions().Subscription.Capacity); // binding never touches anything shared

        await host.StopAsync();
        Assert.Equal(EslConnectionState.Closed, client.State);
        Assert.Contains(fs.Connections.Single(c => c.IsAuthenticated).ReceivedCommands, c => c.Command == "exit");
    }

    [Fact]
    public async Task The_host_starts_while_freeswitch_is_away_and_the_client_connects_when_it_comes()
    {
        int port = FreePort();
        using var host = Build(new(), (services, _) =>
        {
            services.AddEslClient(o =>
            {
                o.Port = port;
                o.Password = "ClueCon";
                o.HeartbeatTimeout = null;
                o.Reconnect = new EslReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) };
            });
            services.AddHealthChecks().AddEslClient();
        });

        await host.StartAsync();
        Assert.Equal(HealthStatus.Unhealthy, (await HealthAsync(host)).Status);
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { Port = port });
        await WaitUntilAsync(async () => (await HealthAsync(host)).Status == HealthStatus.Healthy);

        await host.StopAsync();
    }

    [Theory]
    [InlineData("FreeSwitch:Port", "70000", "Port")]
    [InlineData("FreeSwitch:User", "no-domain", "User")]
    [InlineData("FreeSwitch:CommandTimeout", "-00:00:01", "CommandTimeout")]
    public async Task Bad_client_settings_stop_the_host_at_start_with_a_clear_message(string key, string value, string setting)
    {
        using var host = Build(new() { ["FreeSwitch:Password"] = "Never-Shown-9", [key] = value }, (services, configuration) => services.AddEslClient(configuration.GetSection("FreeSwitch")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Never-Shown-9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Named_clients_are_separate_keyed_services()
    {
        await using var a = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { Hostname = "node-a" });
        await using var b = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { Hostname = "node-b" });
        using var host = Build(new(), (services, _) =>
        {
            services.AddEslClient("a", null, o => { o.Port = a.Port; o.HeartbeatTimeout = null; });
            services.AddEslClient("b", null, o => { o.Port = b.Port; o.HeartbeatTimeout = null; });
            services.AddHealthChecks().AddEslClient("a").AddEslClient("b");
        });

        await host.StartAsync();
        var clientA = host.Services.GetRequiredKeyedService<EslClient>("a");
        var clientB = host.Services.GetRequiredKeyedService<EslClient>("b");
        await WaitUntilAsync(async () => (await HealthAsync(host)).Status == HealthStatus.Healthy);

        Assert.NotSame(clientA, clientB);
        Assert.Equal("node-a", (await clientA.ApiAsync("hostname")).Body.Trim());
        Assert.Equal("node-b", (await clientB.ApiAsync("hostname")).Body.Trim());
        await host.StopAsync();
    }

    [Fact]
    public async Task The_outbound_server_runs_a_scoped_handler_per_call_and_drains_with_the_host()
    {
        using var host = Build(
            new() { ["Outbound:Address"] = "127.0.0.1", ["Outbound:Port"] = "0", ["Outbound:AllowedPeers"] = "127.0.0.1" },
            (services, configuration) =>
            {
                services.AddSingleton<CallLog>();
                services.AddScoped<PerCall>();
                services.AddEslOutboundServer<AnsweringHandler>(configuration.GetSection("Outbound"));
                services.AddHealthChecks().AddEslOutboundServer();
            });
        await host.StartAsync();
        var server = host.Services.GetRequiredService<EslOutboundServer>();
        var log = host.Services.GetRequiredService<CallLog>();
        await using var fs = await EslSwitchEmulator.StartAsync();

        var calls = await fs.ConnectOutboundManyAsync(server.LocalEndPoint, 3);
        await fs.WaitForOutboundCallsAsync();

        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(host)).Status);
        await WaitUntilAsync(() => Task.FromResult(log.Disposed == 3));
        Assert.Equal(calls.Select(c => c.UniqueId).Order(), log.Answered.Order());
        Assert.Equal(3, log.Scopes.Distinct().Count());
        await host.StopAsync();
        Assert.Equal(HealthStatus.Unhealthy, (await HealthAsync(host)).Status);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class CallLog
    {
        private int _disposed;

        public System.Collections.Concurrent.ConcurrentBag<Guid> Answered { get; } = [];

        public System.Collections.Concurrent.ConcurrentBag<PerCall> Scopes { get; } = [];

        public int Disposed => Volatile.Read(ref _disposed);

        public void OnDisposed() => Interlocked.Increment(ref _disposed);
    }

    private sealed class PerCall(CallLog log) : IDisposable
    {
        public void Dispose() => log.OnDisposed();
    }

    private sealed class AnsweringHandler(CallLog log, PerCall scoped) : IEslOutboundHandler
    {
        public async Task HandleAsync(EslOutboundSession session, CancellationToken cancellationToken)
        {
            log.Scopes.Add(scoped);
            await session.ExecuteAsync("answer", cancellationToken: cancellationToken);
            log.Answered.Add(session.UniqueId);
            await session.HangupAsync(cancellationToken: cancellationToken);
        }
    }
}
