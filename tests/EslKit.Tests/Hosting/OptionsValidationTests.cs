using EslKit.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EslKit.Tests.Hosting;

/// <summary>
/// Every option of the client and the outbound server, set wrong in configuration, stops a real host at
/// start with a message that names the configuration key and what it must be, and never a secret.
/// </summary>
public sealed class OptionsValidationTests
{
    private const string Secret = "Never-Shown-9";
    private const string Timeout = "must be between 00:00:00.001 and 49.17:02:47.294, or -00:00:00.001 for no limit";

    public static TheoryData<string, string, string> ClientSettings => new()
    {
        { "Host", " ", "Host must be a host name or IP address." },
        { "Port", "70000", "Port must be 1–65535; it is 70000." },
        { "Port", "0", "Port must be 1–65535; it is 0." },
        { "Password", "", "Password must not be empty." },
        { "User", "no-domain", "User must be user@domain (a directory user with an esl-password)." },
        { "User", "a b@example.com", "User must be user@domain (a directory user with an esl-password)." },
        { "ConnectTimeout", "-00:00:01", $"ConnectTimeout {Timeout}; it is -00:00:01." },
        { "AuthTimeout", "00:00:00", $"AuthTimeout {Timeout}; it is 00:00:00." },
        { "CommandTimeout", "60.00:00:00", $"CommandTimeout {Timeout}; it is 60.00:00:00." },
        { "BackgroundJobTimeout", "-00:00:02", $"BackgroundJobTimeout {Timeout}; it is -00:00:02." },
        { "ShutdownTimeout", "00:00:00", $"ShutdownTimeout {Timeout}; it is 00:00:00." },
        { "HeartbeatTimeout", "00:00:00", "HeartbeatTimeout must be between 00:00:00.001 and 49.17:02:47.294 or -00:00:00.001 to turn the check off; it is 00:00:00." },
        { "EventFormat", "7", "EventFormat must be Plain, Json or Xml; it is 7." },
        { "MaxQueuedCommands", "0", "MaxQueuedCommands must be at least 1; it is 0." },
        { "Reconnect:InitialDelay", "-00:00:01", "Reconnect:InitialDelay must be between 00:00:00 and 49.17:02:47.294; it is -00:00:01." },
        { "Reconnect:MaxDelay", "00:00:00.100", "Reconnect:MaxDelay must be at least InitialDelay (00:00:00.25) and at most 49.17:02:47.294; it is 00:00:00.1." },
        { "Reconnect:Multiplier", "0.5", "Reconnect:Multiplier must be a number from 1 to 1000; it is 0.5." },
        { "Reconnect:Jitter", "1.5", "Reconnect:Jitter must be a number from 0 to 1; it is 1.5." },
        { "Subscription:Capacity", "0", "Subscription:Capacity must be at least 1; it is 0." },
        { "Subscription:FullMode", "9", "Subscription:FullMode must be DropOldest, DropNewest or Fail; it is 9." },
        { "Limits:MaxHeaderBlockBytes", "0", "Limits:MaxHeaderBlockBytes must be at least 1; it is 0." },
        { "Limits:MaxBodyBytes", "-1", "Limits:MaxBodyBytes must be at least 0; it is -1." },
    };

    public static TheoryData<string, string, string> ServerSettings => new()
    {
        { "Address", "not-an-ip", "Address must be an IP address to listen on (127.0.0.1, 0.0.0.0 or ::)." },
        { "Port", "70000", "Port must be 0–65535 (0 picks a free port); it is 70000." },
        { "Port", "-1", "Port must be 0–65535 (0 picks a free port); it is -1." },
        { "AllowedPeers", "10.0.0.0/8, 10.0.0.0/33", "AllowedPeers must be * or comma-separated networks (10.0.0.0/8) and addresses (entry 2, 10.0.0.0/33, is neither)." },
        { "AllowedPeers", " , ", "AllowedPeers must be * or comma-separated networks (10.0.0.0/8) and addresses (it is empty)." },
        { "MaxSessions", "0", "MaxSessions must be at least 1; it is 0." },
        { "ConnectTimeout", "00:00:00", $"ConnectTimeout {Timeout}; it is 00:00:00." },
        { "CommandTimeout", "-00:00:03", $"CommandTimeout {Timeout}; it is -00:00:03." },
        { "BackgroundJobTimeout", "50.00:00:00", $"BackgroundJobTimeout {Timeout}; it is 50.00:00:00." },
        { "ShutdownTimeout", "-00:00:01", "ShutdownTimeout must be between 00:00:00 and 49.17:02:47.294, or -00:00:00.001 for no limit; it is -00:00:01." },
        { "EventFormat", "5", "EventFormat must be Plain, Json or Xml; it is 5." },
        { "Subscription:Capacity", "-5", "Subscription:Capacity must be at least 1; it is -5." },
        { "Subscription:FullMode", "3", "Subscription:FullMode must be DropOldest, DropNewest or Fail; it is 3." },
        { "Limits:MaxHeaderBlockBytes", "-1", "Limits:MaxHeaderBlockBytes must be at least 1; it is -1." },
        { "Limits:MaxBodyBytes", "-2", "Limits:MaxBodyBytes must be at least 0; it is -2." },
    };

    [Theory]
    [MemberData(nameof(ClientSettings))]
    public async Task A_bad_client_setting_stops_the_host_naming_its_key_and_range(string key, string value, string expected)
    {
        using var host = Build(
            new() { ["EslKit:Client:Password"] = Secret, [$"EslKit:Client:{key}"] = value },
            (services, configuration) => services.AddEslClient(configuration.GetSection("EslKit:Client")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal($"EslKit:Client:{expected}", error.Message);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ClientSettings))]
    public async Task A_named_client_is_reported_under_its_own_section(string key, string value, string expected)
    {
        using var host = Build(
            new() { ["EslKit:Nodes:fs-b:Password"] = Secret, [$"EslKit:Nodes:fs-b:{key}"] = value },
            (services, configuration) =>
            {
                services.AddEslClient("fs-a", configuration.GetSection("EslKit:Nodes:fs-a"));
                services.AddEslClient("fs-b", configuration.GetSection("EslKit:Nodes:fs-b"));
            });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        // Only fs-b is wrong: fs-a's defaults pass, and the message points at fs-b's section.
        Assert.Equal($"EslKit:Nodes:fs-b:{expected}", error.Message);
        Assert.Equal("fs-b", error.OptionsName);
    }

    [Theory]
    [MemberData(nameof(ServerSettings))]
    public async Task A_bad_outbound_server_setting_stops_the_host_naming_its_key_and_range(string key, string value, string expected)
    {
        using var host = Build(
            new() { [$"EslKit:Outbound:{key}"] = value },
            (services, configuration) => services.AddEslOutboundServer<NoHandler>(configuration.GetSection("EslKit:Outbound")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal($"EslKit:Outbound:{expected}", error.Message);
    }

    [Fact]
    public async Task Settings_made_in_code_are_reported_under_the_client_name()
    {
        using var host = Build(new(), (services, _) => services.AddEslClient("fs-c", null, o => o.Port = 65536));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("EslKit client 'fs-c': Port must be 1–65535; it is 65536.", error.Message);
    }

    [Fact]
    public async Task An_outbound_server_set_in_code_is_reported_as_such()
    {
        using var host = Build(new(), (services, _) => services.AddEslOutboundServer<NoHandler>(o => o.MaxSessions = -3));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("EslKit outbound server: MaxSessions must be at least 1; it is -3.", error.Message);
    }

    [Theory]
    [InlineData("Zq9-secret\nexit")]
    [InlineData("Zq9-secret\0")]
    [InlineData("Zq9-secret\rXy7")]
    public async Task A_password_that_cannot_be_sent_stops_the_host_without_showing_it(string password)
    {
        using var host = Build(
            new() { ["FreeSwitch:Password"] = password },
            (services, configuration) => services.AddEslClient(configuration.GetSection("FreeSwitch")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("FreeSwitch:Password cannot be sent: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zq9", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Xy7", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("exit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_the_setting_and_range_as_typed_properties()
    {
        var options = new EslClientOptions { Reconnect = new EslReconnectOptions { Jitter = -0.1 } };

        var error = Assert.Throws<EslInvalidSettingException>(options.Validate);

        Assert.Equal("Reconnect:Jitter", error.Setting);
        Assert.Equal("must be a number from 0 to 1", error.Requirement);
        Assert.Equal("-0.1", error.ActualValue);
        Assert.Equal("Reconnect:Jitter must be a number from 0 to 1; it is -0.1.", error.Message);
        Assert.Equal("Nodes:a:Reconnect:Jitter must be a number from 0 to 1; it is -0.1.", error.MessageAt("Nodes:a"));
        Assert.IsAssignableFrom<ArgumentException>(error);
    }

    [Fact]
    public void The_parts_validate_on_their_own_under_their_own_names()
    {
        Assert.Equal("Capacity", Assert.Throws<EslInvalidSettingException>(() => new EslClient(new EslClientOptions()).OpenEventStream(options: new EslSubscriptionOptions { Capacity = 0 })).Setting);
        Assert.Equal("MaxBodyBytes", Assert.Throws<EslInvalidSettingException>(new EslParserLimits { MaxBodyBytes = -1 }.Validate).Setting);
        Assert.Equal("Port", Assert.Throws<EslInvalidSettingException>(() => new EslOutboundServer(new EslOutboundServerOptions { Port = 70000 }, (_, _) => Task.CompletedTask)).Setting);
    }

    [Fact]
    public async Task Outbound_settings_at_the_edges_of_their_ranges_start_the_host()
    {
        using var host = Build(
            new()
            {
                ["EslKit:Outbound:Address"] = "127.0.0.1",
                ["EslKit:Outbound:Port"] = "0",
                ["EslKit:Outbound:ShutdownTimeout"] = "00:00:00",
                ["EslKit:Outbound:AllowedPeers"] = "127.0.0.1, ::1/128",
                ["EslKit:Outbound:Limits:MaxBodyBytes"] = "0",
            },
            (services, configuration) => services.AddEslOutboundServer<NoHandler>(configuration.GetSection("EslKit:Outbound")));

        await host.StartAsync();
        Assert.NotEqual(0, host.Services.GetRequiredService<EslOutboundServer>().LocalEndPoint.Port);
        await host.StopAsync();
    }

    [Fact]
    public void Client_settings_at_the_edges_of_their_ranges_pass()
    {
        // Validated only: starting the client would dial port 65535.
        using var host = Build(
            new()
            {
                ["EslKit:Client:Port"] = "65535",
                ["EslKit:Client:CommandTimeout"] = "-00:00:00.001",
                ["EslKit:Client:BackgroundJobTimeout"] = "49.17:02:47.294",
                ["EslKit:Client:HeartbeatTimeout"] = "00:00:00.001",
                ["EslKit:Client:Reconnect:InitialDelay"] = "00:00:00",
                ["EslKit:Client:Reconnect:MaxDelay"] = "00:00:00",
                ["EslKit:Client:Reconnect:Jitter"] = "1",
                ["EslKit:Client:Limits:MaxBodyBytes"] = "0",
            },
            (services, configuration) => services.AddEslClient(configuration.GetSection("EslKit:Client")));

        var options = host.Services.GetRequiredService<IOptions<EslClientOptions>>().Value;

        Assert.Equal(TimeSpan.FromMilliseconds(1), options.HeartbeatTimeout);
        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, options.CommandTimeout);
        Assert.Equal(65535, options.Port);
    }

    [Fact]
    public void An_infinite_heartbeat_timeout_in_configuration_turns_the_liveness_check_off()
    {
        using var host = Build(
            new() { ["EslKit:Client:HeartbeatTimeout"] = "-00:00:00.001" },
            (services, configuration) => services.AddEslClient(configuration.GetSection("EslKit:Client")));

        var options = host.Services.GetRequiredService<IOptions<EslClientOptions>>().Value;

        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, options.HeartbeatTimeout);
        Assert.False(options.ChecksHeartbeat);
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> register)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        register(builder.Services, builder.Configuration);
        return builder.Build();
    }

    private sealed class NoHandler : IEslOutboundHandler
    {
        public Task HandleAsync(EslOutboundSession session, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
