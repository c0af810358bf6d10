using EslKit.Testing;

namespace EslKit.Tests.Outbound;

/// <summary>An outbound session's <c>ApiAsync(string)</c> takes a whole command line, checked as the client's is.</summary>
public sealed class SessionCommandLineTests
{
    [Fact]
    public async Task A_session_runs_a_whole_command_line_and_refuses_a_line_break_as_such()
    {
        var result = new TaskCompletionSource<(string Body, EslRejectionReason Refused)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(
            new EslOutboundServerOptions { Port = 0, CommandTimeout = TimeSpan.FromSeconds(10) },
            async (session, ct) =>
            {
                try
                {
                    var response = await session.ApiAsync("show channels", cancellationToken: ct);
                    var refusal = await Assert.ThrowsAsync<EslValueRejectedException>(() => session.ApiAsync("show channels\nexit", cancellationToken: ct));
                    result.TrySetResult((response.Body, refusal.Reason));
                }
                catch (Exception ex)
                {
                    result.TrySetException(ex);
                }
            });
        await server.StartAsync();
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.SetApiResponse("show", "0 total.\n");

        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint);
        var (body, refused) = await result.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("0 total.\n", body);
        Assert.Equal(EslRejectionReason.LineBreak, refused);
        // The refused line never left: the only api the switch saw is the accepted one.
        Assert.Equal(["api show channels"], call.ReceivedCommands.Where(c => c.StartsWith("api ")).Select(c => c.Command));
    }
}
