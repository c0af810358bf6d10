using System.Text;
using EslKit.Cli;
using EslKit.Cli.Commands;
using EslKit.Tests.Support;

namespace EslKit.Tests.Cli;

/// <summary><c>eslkit api|bgapi|events</c> against captured FreeSWITCH conversations.</summary>
public sealed class LiveCommandTests
{
    private static string? LabPassword() => "LabSecret!42";

    [Fact]
    public async Task Api_prints_the_output_and_exits_zero()
    {
        await using var server = CaptureReplayServer.Start("api-status");
        var output = new StringWriter();

        int exit = await ApiCommand.RunAsync(false, ["status", "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], output, new StringWriter(), LabPassword, CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("UP 0 years", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("api status", server.Received);
    }

    [Fact]
    public async Task Bgapi_error_exits_with_command_failed()
    {
        await using var server = CaptureReplayServer.Start("bgapi-fail");
        var output = new StringWriter();

        int exit = await ApiCommand.RunAsync(true, ["originate", "sofia/gateway/nosuchgw/60123456789", "&park", "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], output, new StringWriter(), LabPassword, CancellationToken.None);

        Assert.Equal(ExitCodes.CommandFailed, exit);
        Assert.Equal("-ERR INVALID_GATEWAY\n", output.ToString());
    }

    [Fact]
    public async Task Wrong_password_exits_with_connection_failed_without_echoing_it()
    {
        await using var server = CaptureReplayServer.Start("auth-fail");
        var error = new StringWriter();

        int exit = await ApiCommand.RunAsync(false, ["status", "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new StringWriter(), error, () => "WrongPassword", CancellationToken.None);

        Assert.Equal(ExitCodes.ConnectionFailed, exit);
        Assert.Contains("-ERR invalid", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("WrongPassword", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Originate_places_the_call_the_real_switch_answered()
    {
        // The exact hostile password of bgapi-originate-per-call-auth: FreeSWITCH answered +OK for it.
        const string Spec = """
            {
              "variables": { "sip_auth_username": "601548732123", "sip_auth_password": "p,a}s{s'w\"o rd=^^x" },
              "legs": [ { "endpoint": "sofia/external/60123456789@127.0.0.1:5090" } ],
              "application": "park"
            }
            """;
        string specFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(specFile, Spec);
        await using var server = CaptureReplayServer.Start("bgapi-originate-per-call-auth");
        var output = new MemoryStream();
        var error = new StringWriter();

        int exit = await OriginateCommand.RunAsync(["--spec", specFile, "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], () => Stream.Null, output, error, LabPassword, CancellationToken.None);
        File.Delete(specFile);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("+OK cf06dc3b-a6a2-480c-8549-a558a55a773f\n", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Contains(@"bgapi originate <sip_auth_username=601548732123,sip_auth_password=p\,a}s{s\'w""o\srd=^^x>sofia/external/60123456789@127.0.0.1:5090 &park", server.Received);
        Assert.DoesNotContain("a}s{s", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_flag_is_refused()
    {
        var error = Assert.Throws<UsageException>(() => LiveOptions.Parse(["--password", "secret"], LabPassword));

        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.Contains(LiveOptions.PasswordVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_prints_one_json_line_per_event()
    {
        await using var server = CaptureReplayServer.Start("events-plain-all");
        var output = new LineCountingStream(63);

        int exit = await EventsCommand.RunAsync(["--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "ALL"], output, new StringWriter(), LabPassword, output.Done);

        Assert.Equal(ExitCodes.Ok, exit);
        var lines = output.Lines;
        Assert.Equal(63, lines.Count);
        using var first = System.Text.Json.JsonDocument.Parse(lines[0]);
        Assert.False(string.IsNullOrEmpty(first.RootElement.GetProperty("event").GetString()));
        Assert.Contains(lines, l => l.Contains("\"DTMF-Digit\":\"4\"", StringComparison.Ordinal));
    }

    /// <summary>Collects output lines and cancels once enough have arrived.</summary>
    private sealed class LineCountingStream(int wanted) : MemoryStream
    {
        private readonly CancellationTokenSource _done = new(TimeSpan.FromSeconds(20));

        public CancellationToken Done => _done.Token;

        public List<string> Lines => Encoding.UTF8.GetString(ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await base.WriteAsync(buffer, cancellationToken);
            if (Lines.Count >= wanted)
            {
                await _done.CancelAsync();
            }
        }

        protected override void Dispose(bool disposing)
        {
            _done.Dispose();
            base.Dispose(disposing);
        }
    }
}
