using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EslKit.Cli;
using EslKit.Cli.Commands;
using EslKit.Testing;

namespace EslKit.Tests.Cli;

/// <summary>
/// <c>eslkit api|bgapi|events</c> against the emulator over loopback: a whole quoted command works, and every
/// refusal and every connection failure ends with its documented exit code and a clear message that never
/// shows a secret — in process, and through the real executable.
/// </summary>
public sealed class ExitCodeTests
{
    private const string Password = "Cli-Pass-7";

    [Fact]
    public async Task A_whole_quoted_command_runs_as_fs_cli_would()
    {
        await using var fs = await StartAsync();
        fs.SetApiResponse("show", "uuid,direction\n\n0 total.\n");
        var output = new StringWriter();

        int exit = await ApiCommand.RunAsync(false, ["show channels", .. Port(fs)], output, new StringWriter(), () => Password, CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("uuid,direction\n\n0 total.\n", output.ToString());
        Assert.Contains(fs.Connections.SelectMany(c => c.ReceivedCommands), c => c.Command == "api show channels");
    }

    [Fact]
    public async Task A_whole_quoted_originate_runs_with_bgapi()
    {
        await using var fs = await StartAsync();
        var requests = new List<EslApiRequest>();
        fs.OnApi("originate", (request, _) =>
        {
            lock (requests)
            {
                requests.Add(request);
            }

            return ValueTask.FromResult("+OK 6a1d6a48-8ad4-4c4f-9c07-5a6d1d4b7a10\n");
        });
        var output = new StringWriter();

        int exit = await ApiCommand.RunAsync(true, ["originate sofia/gateway/trunk/601100002 &park", .. Port(fs)], output, new StringWriter(), () => Password, CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("+OK 6a1d6a48-8ad4-4c4f-9c07-5a6d1d4b7a10\n", output.ToString());
        var request = Assert.Single(requests);
        Assert.Equal("sofia/gateway/trunk/601100002 &park", request.Arguments);
        Assert.True(request.IsBackground);
    }

    [Fact]
    public async Task Extra_words_in_a_quoted_command_are_its_arguments()
    {
        await using var fs = await StartAsync();
        var output = new StringWriter();

        int exit = await ApiCommand.RunAsync(false, ["status extra", .. Port(fs)], output, new StringWriter(), () => Password, CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("UP ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(fs.Connections.SelectMany(c => c.ReceivedCommands), c => c.Command == "api status extra");
    }

    [Theory]
    [InlineData(false, "status\nexit", "line break")]
    [InlineData(false, "sh@w channels", "not in the accepted form")]
    [InlineData(true, "unload mod_event_socket", "mod_event_socket")]
    [InlineData(true, "originate {sip_auth_password=Sip-Secret-5\r}sofia/gateway/trunk/1 &park", "line break")]
    [InlineData(false, "echo Sip-Secret-5\0", "NUL")]
    public async Task A_refused_value_exits_2_before_anything_is_sent(bool background, string line, string reason)
    {
        await using var fs = await StartAsync();
        var error = new StringWriter();

        int exit = await ApiCommand.RunAsync(background, [line, .. Port(fs)], new StringWriter(), error, () => Password, CancellationToken.None);

        Assert.Equal(ExitCodes.Refused, exit);
        string message = error.ToString();
        Assert.StartsWith("eslkit: refused: ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sip-Secret-5", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, message, StringComparison.Ordinal);
        Assert.Empty(fs.Connections);
    }

    [Fact]
    public async Task A_refused_value_split_over_several_words_exits_2()
    {
        await using var fs = await StartAsync();
        var error = new StringWriter();

        int exit = await ApiCommand.RunAsync(true, ["originate", "{sip_auth_password=a\nb}sofia/gateway/trunk/1", "&park", .. Port(fs)], new StringWriter(), error, () => Password, CancellationToken.None);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("line break", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(fs.Connections);
    }

    [Fact]
    public async Task A_password_that_cannot_be_sent_exits_2_without_showing_it()
    {
        await using var fs = await StartAsync();
        var error = new StringWriter();

        int exit = await ApiCommand.RunAsync(false, ["status", .. Port(fs)], new StringWriter(), error, () => "Secret\nexit", CancellationToken.None);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("password", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Secret", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(fs.Connections);
    }

    [Fact]
    public async Task An_unreachable_port_exits_4()
    {
        int port = ClosedPort();
        var error = new StringWriter();

        int exit = await ApiCommand.RunAsync(false, ["status", "--port", port.ToString(CultureInfo.InvariantCulture)], new StringWriter(), error, () => Password, CancellationToken.None);

        Assert.Equal(ExitCodes.ConnectionFailed, exit);
        Assert.Contains($"127.0.0.1:{port}", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_exits_4_without_showing_it()
    {
        await using var fs = await StartAsync();
        var error = new StringWriter();

        int exit = await ApiCommand.RunAsync(true, ["show channels", .. Port(fs)], new StringWriter(), error, () => "Wrong-Pass-3", CancellationToken.None);

        Assert.Equal(ExitCodes.ConnectionFailed, exit);
        Assert.Contains("-ERR invalid", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Pass-3", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_lost_mid_command_exits_4()
    {
        await using var fs = await StartAsync();
        fs.OnApi("show", (request, cancellationToken) =>
        {
            // Not awaited: the connection's loop is waiting for this handler.
            _ = request.Connection!.DropAsync(CancellationToken.None);
            return ValueTask.FromResult("never sent\n");
        });
        var error = new StringWriter();

        int exit = await ApiCommand.RunAsync(false, ["show channels", .. Port(fs)], new StringWriter(), error, () => Password, CancellationToken.None);

        Assert.Equal(ExitCodes.ConnectionFailed, exit);
        Assert.StartsWith("eslkit: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_answer_exits_5()
    {
        await using var fs = await StartAsync();
        var output = new StringWriter();

        int exit = await ApiCommand.RunAsync(false, ["no_such_command now", .. Port(fs)], output, new StringWriter(), () => Password, CancellationToken.None);

        Assert.Equal(ExitCodes.CommandFailed, exit);
        Assert.Equal("-ERR no_such_command Command not found!\n", output.ToString());
    }

    [Fact]
    public async Task A_refused_event_subclass_exits_2_and_an_unreachable_switch_4()
    {
        await using var fs = await StartAsync();
        var error = new StringWriter();

        int refused = await EventsCommand.RunAsync(["CUSTOM", "bad sub\nclass", .. Port(fs)], Stream.Null, error, () => Password, CancellationToken.None);
        int unreachable = await EventsCommand.RunAsync(["ALL", "--port", ClosedPort().ToString(CultureInfo.InvariantCulture)], Stream.Null, new StringWriter(), () => Password, CancellationToken.None);

        Assert.Equal(ExitCodes.Refused, refused);
        Assert.StartsWith("eslkit: refused: ", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ConnectionFailed, unreachable);
    }

    [Fact]
    public void A_bad_port_flag_is_a_usage_error_naming_the_flag_and_range()
    {
        var error = Assert.Throws<UsageException>(() => LiveOptions.Parse(["--port", "70000"], () => Password));

        Assert.Equal("--port must be 1–65535; it is 70000.", error.Message);
    }

    [Theory]
    [InlineData(new[] { "api", "show channels" }, ExitCodes.Ok, "0 total.")]
    [InlineData(new[] { "bgapi", "originate sofia/gateway/trunk/601100002 &park" }, ExitCodes.Ok, "+OK")]
    [InlineData(new[] { "api", "status extra" }, ExitCodes.Ok, "UP ")]
    [InlineData(new[] { "bgapi", "status\nexit" }, ExitCodes.Refused, "eslkit: refused: ")]
    [InlineData(new[] { "api", "show", "chan\rnels" }, ExitCodes.Refused, "eslkit: refused: ")]
    [InlineData(new[] { "api", "no_such_command" }, ExitCodes.CommandFailed, "Command not found")]
    public async Task The_executable_exits_with_the_documented_codes(string[] args, int expected, string shown)
    {
        await using var fs = await StartAsync();
        fs.SetApiResponse("show", "0 total.\n");
        fs.SetApiResponse("originate", "+OK 6a1d6a48-8ad4-4c4f-9c07-5a6d1d4b7a10\n");

        var (exit, stdout, stderr) = await RunExecutableAsync([.. args, .. Port(fs)], Password);

        Assert.True(expected == exit, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        Assert.Contains(shown, stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_executable_exits_4_for_an_unreachable_switch_and_a_wrong_password()
    {
        await using var fs = await StartAsync();

        var unreachable = await RunExecutableAsync(["api", "status", "--port", ClosedPort().ToString(CultureInfo.InvariantCulture)], Password);
        var wrongPassword = await RunExecutableAsync(["bgapi", "show channels", .. Port(fs)], "Wrong-Pass-3");

        Assert.True(unreachable.Exit == ExitCodes.ConnectionFailed, $"exit {unreachable.Exit}: {unreachable.Stderr}");
        Assert.True(wrongPassword.Exit == ExitCodes.ConnectionFailed, $"exit {wrongPassword.Exit}: {wrongPassword.Stderr}");
        Assert.DoesNotContain("Wrong-Pass-3", wrongPassword.Stdout + wrongPassword.Stderr, StringComparison.Ordinal);
    }

    private static Task<EslSwitchEmulator> StartAsync() => EslSwitchEmulator.StartAsync(new EslEmulatorOptions { Password = Password });

    private static string[] Port(EslSwitchEmulator fs) => ["--port", fs.Port.ToString(CultureInfo.InvariantCulture)];

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Runs the built <c>eslkit</c> (EslKit.Cli.dll next to the tests) as its own process.</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> RunExecutableAsync(string[] args, string password)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EslKit.Cli.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ESLKIT_PASSWORD"] = password;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
