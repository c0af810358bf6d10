using EslKit.Controller.Nodes;

namespace EslKit.Controller.Tests.Nodes;

/// <summary>Node health read from the real captures (fixtures/freeswitch-calls/gateway-status, freeswitch/events-plain-all).</summary>
public sealed class HealthParsingTests
{
    private static readonly IReadOnlyList<string> GatewayStatusBodies = CaptureFrames.ApiBodies(CaptureFrames.Load("freeswitch-calls", "gateway-status.fs.bin"));

    [Fact]
    public void Registered_gateway_is_usable()
    {
        // api sofia status gateway trunk (the first api/response of the capture).
        var status = GatewayStatus.Parse(GatewayStatusBodies[0]);
        Assert.True(status.Exists);
        Assert.Equal("REGED", status.State);
        Assert.Equal("UP", status.Status);
        Assert.True(status.IsUsable);
    }

    [Fact]
    public void Unknown_or_killed_gateway_is_missing()
    {
        var invalid = GatewayStatusBodies.Where(b => b.StartsWith("Invalid Gateway!", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, invalid.Count); // nosuchgw, and trunk after killgw
        Assert.All(invalid, body => Assert.False(GatewayStatus.Parse(body).IsUsable));
        Assert.All(invalid, body => Assert.False(GatewayStatus.Parse(body).Exists));
    }

    [Fact]
    public void Gateway_that_is_registering_again_is_not_usable_until_reged()
    {
        // After the rescan the capture polls "sofia status gateway trunk" until REGED: every state on the way.
        var states = GatewayStatusBodies.Select(GatewayStatus.Parse).Where(s => s.Exists).Select(s => (s.State, s.IsUsable)).ToList();
        Assert.Contains(states, s => s.State == "REGED" && s.IsUsable);
        Assert.All(states.Where(s => s.State != "REGED"), s => Assert.False(s.IsUsable));
        Assert.False(new GatewayStatus(true, "REGED", "DOWN").IsUsable);
        Assert.False(GatewayStatus.Parse("").Exists);
        Assert.False(GatewayStatus.Parse(null).Exists);
    }

    [Fact]
    public void Status_gives_sessions_and_limits()
    {
        string status = Assert.Single(GatewayStatusBodies, b => b.StartsWith("UP ", StringComparison.Ordinal));
        Assert.Equal(new SwitchStatus(0, 5000, 1000), SwitchStatus.ParseStatus(status));
        Assert.Null(SwitchStatus.ParseStatus("-ERR no reply\n"));
    }

    [Fact]
    public void Heartbeat_gives_sessions_and_limits()
    {
        var heartbeat = CaptureFrames.Events(CaptureFrames.Load("freeswitch", "events-plain-all.fs.bin"), EslEventName.Heartbeat)[0];
        var status = SwitchStatus.ParseHeartbeat(heartbeat["Session-Count"], heartbeat["Max-Sessions"], heartbeat["Session-Per-Sec"]);
        Assert.Equal(new SwitchStatus(0, 200, 30), status);
        Assert.Null(SwitchStatus.ParseHeartbeat("x", "200", "30"));
    }
}
