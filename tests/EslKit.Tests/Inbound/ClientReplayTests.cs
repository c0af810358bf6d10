using EslKit.Connections;
using EslKit.Protocol;
using EslKit.Tests.Support;

namespace EslKit.Tests.Inbound;

/// <summary>The inbound client against byte streams a real FreeSWITCH sent, replayed over loopback.</summary>
public sealed class ClientReplayTests
{
    private const string LabPassword = "LabSecret!42";

    private static EslClient Client(CaptureReplayServer server, string password = LabPassword) => new(new EslClientOptions
    {
        Port = server.Port,
        Password = password,
        HeartbeatTimeout = null,
        Reconnect = new EslReconnectOptions { Enabled = false },
    });

    [Fact]
    public async Task Api_status_returns_the_captured_body()
    {
        await using var server = CaptureReplayServer.Start("api-status");
        await using var client = Client(server);
        await client.ConnectAsync();

        var status = await client.ApiAsync("status");

        Assert.True(status.IsSuccess);
        Assert.Equal(333, System.Text.Encoding.UTF8.GetByteCount(status.Body));
        Assert.StartsWith("UP 0 years, 0 days, 0 hours, 2 minutes, 57 seconds", status.Body, StringComparison.Ordinal);
        Assert.EndsWith("Current Stack Size/Max 240K/8192K\n", status.Body, StringComparison.Ordinal);
        Assert.Equal(["auth LabSecret!42", "event plain BACKGROUND_JOB", "api status"], server.Received);
    }

    [Fact]
    public async Task Api_errors_and_empty_results_are_typed()
    {
        await using var server = CaptureReplayServer.Start("api-empty-body");
        await using var client = Client(server);
        await client.ConnectAsync();

        var empty = await client.ApiAsync("echo");
        var hello = await client.ApiAsync("echo", "hello");
        var unset = await client.ApiAsync("eval", "${nonexistent_var_xyz}");

        Assert.False(empty.IsSuccess);
        Assert.Equal("-ERR no reply\n", empty.Body);
        Assert.True(hello.IsSuccess);
        Assert.Equal("hello", hello.Body);
        var failure = Assert.Throws<EslCommandFailedException>(() => unset.EnsureSuccess());
        Assert.Equal("-ERR no reply\n", failure.Error);
    }

    [Fact]
    public async Task Unknown_api_command_is_an_error_result()
    {
        await using var server = CaptureReplayServer.Start("api-error");
        await using var client = Client(server);
        await client.ConnectAsync();

        var unknown = await client.ApiAsync("nosuchcommand");
        var kill = await client.ApiAsync("uuid_kill", "00000000-0000-0000-0000-000000000000");

        Assert.Equal("-ERR nosuchcommand Command not found!\n", unknown.Body);
        Assert.Equal("-ERR No such channel!\n", kill.Body);
        Assert.False(kill.IsSuccess);
    }

    [Fact]
    public async Task Large_api_bodies_arrive_whole()
    {
        await using var server = CaptureReplayServer.Start("api-large-body");
        await using var client = Client(server);
        await client.ConnectAsync();

        var text = await client.ApiAsync("show", "api");
        var json = await client.ApiAsync("show", "api as json");
        var xml = await client.ApiAsync("show", "api as xml");
        var sofia = await client.ApiAsync("sofia", "xmlstatus");

        Assert.True(text.Body.Length > 10_000);
        using var parsed = System.Text.Json.JsonDocument.Parse(json.Body);
        Assert.True(parsed.RootElement.GetProperty("row_count").GetInt32() > 100);
        Assert.Equal("result", System.Xml.Linq.XDocument.Parse(xml.Body).Root!.Name.LocalName);
        Assert.Contains("<profiles>", sofia.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_an_authentication_error_that_never_shows_the_password()
    {
        await using var server = CaptureReplayServer.Start("auth-fail");
        await using var client = Client(server, "WrongPassword");

        var error = await Assert.ThrowsAsync<EslAuthenticationException>(() => client.ConnectAsync());

        Assert.Equal("-ERR invalid", error.ReplyText);
        Assert.DoesNotContain("WrongPassword", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WrongPassword", client.ToString(), StringComparison.Ordinal);
        Assert.Equal(EslConnectionState.Disconnected, client.State);
    }

    [Theory]
    [InlineData("events-plain-all", EslEventFormat.Plain, 63)]
    [InlineData("events-json-all", EslEventFormat.Json, 61)]
    public async Task Events_reach_a_subscriber_in_the_order_FreeSWITCH_sent_them(string scenario, EslEventFormat format, int count)
    {
        var expected = FrameFeeder.ParseAll(Fixtures.Read($"freeswitch/{scenario}.fs.bin"))
            .Where(f => f.ContentType is EslContentType.EventPlain or EslContentType.EventJson)
            .Select(f => EslEvent.Parse(format, f.BodyBytes))
            .ToList();
        await using var server = CaptureReplayServer.Start(scenario);
        await using var client = new EslClient(new EslClientOptions
        {
            Port = server.Port,
            Password = LabPassword,
            HeartbeatTimeout = null,
            EventFormat = format,
            Reconnect = new EslReconnectOptions { Enabled = false },
        });
        await using var all = client.OpenEventStream();
        await using var dtmf = client.OpenEventStream(EslEventSelector.ForNames(EslEventName.Dtmf));
        await client.ConnectAsync();

        await client.RequestEventsAsync(EslEventName.All);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new List<EslEvent>();
        await foreach (var e in all.ReadAllAsync(timeout.Token))
        {
            received.Add(e);
            if (received.Count == count)
            {
                break;
            }
        }

        Assert.Equal(expected.Select(e => (e.RawName, e["Event-Sequence"])), received.Select(e => (e.RawName, e["Event-Sequence"])));
        var digits = new List<string?>();
        while (digits.Count < 4)
        {
            digits.Add((await dtmf.Reader.ReadAsync(timeout.Token))["DTMF-Digit"]);
        }

        Assert.Equal(["1", "2", "3", "4"], digits);
    }

    [Fact]
    public async Task Bgapi_completes_with_its_background_job()
    {
        await using var server = CaptureReplayServer.Start("bgapi-fail");
        await using var client = Client(server);
        await client.ConnectAsync();

        var failed = await client.BgApiAsync("originate", "sofia/gateway/nosuchgw/60123456789 &park");
        var status = await client.BgApiAsync("status");

        Assert.False(failed.IsSuccess);
        Assert.Equal("-ERR INVALID_GATEWAY\n", failed.Body);
        Assert.Equal(failed.JobUuid, failed.Event.JobUuid);
        Assert.True(status.IsSuccess);
        Assert.StartsWith("UP 0 years", status.Body, StringComparison.Ordinal);
        Assert.Equal("status", status.Event["Job-Command"]);
    }

    [Fact]
    public async Task Log_lines_reach_a_log_subscriber()
    {
        await using var server = CaptureReplayServer.Start("log-data");
        await using var client = Client(server);
        await using var logs = client.SubscribeLogs();
        await client.ConnectAsync();

        await client.SetLogLevelAsync(EslKit.Commands.EslLogLevel.Debug);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = await logs.Reader.ReadAsync(timeout.Token);
        Assert.Equal(6, first.Level);
        Assert.Equal("switch_time.c", first.File);
        Assert.Equal(1437, first.Line);
        Assert.Equal(string.Empty, first.UserData);
        Assert.EndsWith("Timezone reloaded 0 definitions\n", first.Text, StringComparison.Ordinal);
        int count = 1;
        while (count < 165)
        {
            await logs.Reader.ReadAsync(timeout.Token);
            count++;
        }

        Assert.Equal(165, count);
    }

    [Fact]
    public async Task Close_sends_exit_and_waits_for_the_goodbye()
    {
        await using var server = CaptureReplayServer.Start("exit");
        var client = Client(server);
        var states = new List<EslConnectionState>();
        client.StateChanged += (_, e) => states.Add(e.Current);
        await client.ConnectAsync();

        await client.CloseAsync();

        Assert.Equal("exit", server.Received[^1]);
        Assert.Equal([EslConnectionState.Connecting, EslConnectionState.Connected, EslConnectionState.Closed], states);
        await Assert.ThrowsAsync<EslConnectionLostException>(() => client.ApiAsync("status"));
    }
}
