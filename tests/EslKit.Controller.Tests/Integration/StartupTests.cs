using EslKit.Controller.Calls;
using EslKit.Controller.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace EslKit.Controller.Tests.Integration;

/// <summary>Malformed node, dispatcher and calls configuration stops the start with messages naming the keys (never the ESL password), before anything is written.</summary>
public sealed class StartupTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    [Theory]
    [InlineData("Nodes:0:Name=fs 1", "Nodes:0:Name must be 1-64 letters, digits, '_', '.' or '-'.")]
    [InlineData("Nodes:0:CallsPerSecond=0", "Nodes:0:CallsPerSecond must be 1-10000.")]
    [InlineData("Nodes:0:MaxSessions=-1", "Nodes:0:MaxSessions must be 1-1000000.")]
    [InlineData("Nodes:0:ControllerAddress=10.0.0.1:8084", "Nodes:0:ControllerAddress must be an IPv4 address or DNS name without a port.")]
    [InlineData("Nodes:0:AudioStreamUrl=http://10.0.0.1/audio", "Nodes:0:AudioStreamUrl must be a ws:// or wss:// URL without spaces, quotes or backslashes.")]
    [InlineData("Nodes:1:Name=fs1", "Nodes:1:Name 'fs1' is used by another node.")]
    [InlineData("Nodes:0:Port=70000", "Nodes:0:Port must be 1")]
    [InlineData("Dispatcher:MaxInFlight=0", "Dispatcher:MaxInFlight must be 1-100000.")]
    [InlineData("Dispatcher:PacingMarginMilliseconds=5000", "Dispatcher:PacingMarginMilliseconds must be 0-1000.")]
    [InlineData("Calls:MaxCallSeconds=0", "Calls:MaxCallSeconds must be 1-86400.")]
    [InlineData("Calls:AudioStreamPort=0", "Calls:AudioStreamPort must be 1-65535.")]
    public async Task Malformed_configuration_stops_the_start_with_a_clear_message_and_writes_nothing(string setting, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Secrets:Keys:k1"] = ControllerServices.KeyOne,
            ["Nodes:0:Name"] = "fs1",
            ["Nodes:0:Password"] = "Esl-Pass-9f2",
        };
        string[] pair = setting.Split('=', 2);
        settings[pair[0]] = pair[1];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEslKitController(builder.Configuration, Database.DataSource);
        builder.Services.AddControllerCalls(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Esl-Pass-9f2", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await Database.ScalarAsync<long>("SELECT count(*) FROM trunks"));
        Assert.Equal(0, await Database.ScalarAsync<long>("SELECT count(*) FROM controller_instances"));
    }
}
