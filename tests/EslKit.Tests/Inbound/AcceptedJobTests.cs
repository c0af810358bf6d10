using EslKit.Commands;
using EslKit.Testing;

namespace EslKit.Tests.Inbound;

/// <summary>
/// Starting a bgapi job returns once FreeSWITCH accepted it (its <c>+OK Job-UUID</c>), while the call is still
/// ringing: the switch has read the command by then. The result follows, and fails typed as the one-call methods do.
/// </summary>
public sealed class AcceptedJobTests
{
    private static EslClientOptions Options(EslSwitchEmulator fs) => new()
    {
        Port = fs.Port,
        Password = fs.Password,
        HeartbeatTimeout = null,
        CommandTimeout = TimeSpan.FromSeconds(10),
        BackgroundJobTimeout = TimeSpan.FromSeconds(20),
        ShutdownTimeout = TimeSpan.FromSeconds(1),
    };

    private static EslOriginate Call(Guid uuid) =>
        EslOriginate.CreateBuilder().Leg(EslEndpoint.Gateway("trunk", "601100001"), uuid).Application(EslApplication.Park()).Build();

    [Fact]
    public async Task A_started_originate_returns_when_the_switch_has_read_it_and_its_result_when_the_call_answers()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.Calls.AddGateway("trunk");
        fs.Calls.DefaultOutcome = EslCallOutcome.Answer(ringTime: TimeSpan.FromSeconds(2), talkTime: TimeSpan.FromSeconds(30));
        await using var client = await EslClient.ConnectAsync(Options(fs));
        var uuid = Guid.NewGuid();

        var accepted = await client.StartOriginateAsync(Call(uuid));

        // Accepted: the switch has read the command, and the call is still ringing.
        var connection = Assert.Single(fs.Connections);
        Assert.Single(connection.ReceivedCommands, c => c.Command.StartsWith("bgapi originate ", StringComparison.Ordinal) && c.Headers.Contains(new("Job-UUID", accepted.JobUuid.ToString())));
        Assert.False(accepted.Result.IsCompleted);
        var job = await accepted.Result;
        Assert.Equal(accepted.JobUuid, job.JobUuid);
        Assert.Equal($"+OK {uuid}\n", job.Body);
        Assert.True(job.IsSuccess);
    }

    [Fact]
    public async Task A_connection_lost_after_the_switch_accepted_fails_the_result_typed()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.Calls.AddGateway("trunk");
        fs.Calls.DefaultOutcome = EslCallOutcome.NeverHangUp(ringTime: TimeSpan.FromSeconds(30));
        var options = Options(fs);
        options.Reconnect = new EslReconnectOptions { Enabled = false };
        await using var client = await EslClient.ConnectAsync(options);

        var accepted = await client.StartOriginateAsync(Call(Guid.NewGuid()));
        Assert.False(accepted.Result.IsCompleted);
        await fs.DropAllAsync();

        await Assert.ThrowsAsync<EslConnectionLostException>(() => accepted.Result);
    }

    [Fact]
    public async Task A_bgapi_the_switch_refuses_fails_the_start_itself_and_no_job_runs()
    {
        var emulator = new EslEmulatorOptions();
        emulator.Accounts["dialer@example.com"] = new EslEmulatorAccount("Dialer-Pass") { AllowedApi = "status" };
        await using var fs = await EslSwitchEmulator.StartAsync(emulator);
        fs.Calls.AddGateway("trunk");
        var options = Options(fs);
        options.User = "dialer@example.com";
        options.Password = "Dialer-Pass";
        await using var client = await EslClient.ConnectAsync(options);

        var refused = await Assert.ThrowsAsync<EslCommandFailedException>(() => client.StartOriginateAsync(Call(Guid.NewGuid())));
        Assert.Equal("-ERR permission denied", refused.Error);
        Assert.Empty(fs.Calls.Originates);

        // An allowed one is accepted, and its result comes.
        var accepted = await client.StartBgApiAsync(EslApiCall.Parse("status"));
        Assert.Contains("UP ", (await accepted.Result).Body, StringComparison.Ordinal);
    }
}
