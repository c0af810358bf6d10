using System.Text;
using EslKit.Cli;
using EslKit.Cli.Commands;
using EslKit.Tests.Commands;

namespace EslKit.Tests.Cli;

/// <summary><c>eslkit originate</c>, run in-process with the spec on standard input or in a file.</summary>
public sealed class OriginateCommandTests
{
    private const string Password = "p,a}s{s'w\"o rd=^^x";

    [Fact]
    public async Task Prints_the_exact_command_line_for_the_per_call_auth_capture()
    {
        string spec = """
            {
              "variables": { "sip_auth_username": "601548732123", "sip_auth_password": "p,a}s{s'w\"o rd=^^x" },
              "legs": [ { "endpoint": "sofia/external/60123456789@127.0.0.1:5090" } ],
              "application": "park"
            }
            """;

        var (code, output, error) = await RunAsync(spec, "--spec", "-", "--print");

        Assert.Equal((ExitCodes.Ok, ""), (code, error));
        string captured = Encoding.UTF8.GetString(Support.ClientPackets.Read("bgapi-originate-per-call-auth")[2]);
        Assert.Equal(captured[..^1], output);
    }

    [Fact]
    public async Task Reads_a_file_with_legs_modes_secrets_and_the_extension_form()
    {
        string path = Path.Combine(Path.GetTempPath(), $"eslkit-originate-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
            {
              "callerIdName": "Acme Sales",
              "callerIdNumber": "+60312345678",
              "timeout": 30,
              "variables": { "campaign_id": "c-42", "api_token": "tok 1" },
              "secretVariables": [ "api_token" ],
              "legs": [
                { "endpoint": "sofia/gateway/trunk/60123456789", "variables": { "leg": "a,b" }, "uuid": "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9" },
                { "endpoint": "loopback/9999/default", "uuid": "1f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9" }
              ],
              "mode": "simultaneous",
              "extension": "1000",
              "context": "public"
            }
            """);
        try
        {
            var (code, output, error) = await RunAsync("", "--print", "--spec", path);

            Assert.Equal((ExitCodes.Ok, ""), (code, error));
            Assert.Equal(
                "bgapi originate {origination_caller_id_name=Acme\\sSales,origination_caller_id_number=+60312345678,originate_timeout=30,campaign_id=c-42,api_token=tok\\s1}"
                + "[origination_uuid=0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9,leg=a\\,b]sofia/gateway/trunk/60123456789,[origination_uuid=1f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9]loopback/9999/default 1000 XML public\n",
                output);

            // What the script gets back parses, with the reference model, into exactly the spec.
            var (command, argument) = FreeSwitchModel.ApiCall(output.TrimEnd('\n'));
            Assert.Equal("originate", command);
            var dial = FreeSwitchModel.ParseOriginate(argument!).Dial!;
            Assert.Equal("tok 1", FreeSwitchModel.ChannelVariables(dial, dial.Legs.First())["api_token"]);
            Assert.Equal("a,b", FreeSwitchModel.ChannelVariables(dial, dial.Legs.First())["leg"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_refused_value_exits_2_naming_the_variable_never_its_value()
    {
        string spec = """
            { "variables": { "sip_auth_password": "hunter2:colon" },
              "legs": [ { "endpoint": "sofia/external/601@127.0.0.1" } ], "application": "park" }
            """;

        var (code, output, error) = await RunAsync(spec, "--spec", "-", "--print");

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Equal("", output);
        Assert.Contains("sip_auth_password", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"variables\":{\"pin\":\"a\\r\\nInjected: yes\"},\"legs\":[{\"endpoint\":\"user/1000\"}],\"application\":\"park\"}", "pin")]
    [InlineData("{\"legs\":[{\"endpoint\":\"user/1000\",\"variables\":{\"note\":\"x|y\"}}],\"application\":\"park\"}", "legs[0].note")]
    [InlineData("{\"legs\":[{\"endpoint\":\"sofia/gateway/trunk/1|user/2\"}],\"application\":\"park\"}", "legs[0].endpoint")]
    [InlineData("{\"legs\":[{\"endpoint\":\"user/1\"}],\"application\":\"playback\",\"arguments\":\"${x}\"}", "arguments")]
    [InlineData("{\"variables\":{\"a\":\"x'y'z\"},\"legs\":[{\"endpoint\":\"user/1\"}],\"application\":\"park\"}", "'a'")]
    public async Task Refusals_name_the_field(string spec, string field)
    {
        var (code, output, error) = await RunAsync(spec, "--spec", "-", "--print");

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Equal("", output);
        Assert.StartsWith("eslkit: originate refused: The value of '", error, StringComparison.Ordinal);
        Assert.Contains(field, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Injected", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"legs\": [", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"legs\":[]}", "legs must be a non-empty array")]
    [InlineData("{\"legs\":[{\"endpoint\":\"user/1\"}]}", "either application")]
    [InlineData("{\"legs\":[{\"endpoint\":\"user/1\"}],\"application\":\"park\",\"extension\":\"1\"}", "either application")]
    [InlineData("{\"varables\":{},\"legs\":[{\"endpoint\":\"user/1\"}],\"application\":\"park\"}", "unknown field 'varables'")]
    [InlineData("{\"variables\":{\"n\":5},\"legs\":[{\"endpoint\":\"user/1\"}],\"application\":\"park\"}", "variables.n must be a string")]
    [InlineData("{\"legs\":[{\"endpoint\":\"user/1\"}],\"application\":\"park\",\"mode\":\"parallel\"}", "mode must be")]
    [InlineData("{\"legs\":[{\"endpoint\":\"user/1\"}],\"application\":\"park\",\"uuid\":\"x\"}", "uuid must be a UUID")]
    [InlineData("{\"legs\":[{\"endpoint\":\"user/1\",\"secret hunter2\":1}],\"application\":\"park\"}", "unknown field '#1'")]
    public async Task A_malformed_spec_exits_3(string spec, string message)
    {
        var (code, output, error) = await RunAsync(spec, "--spec", "-", "--print");

        Assert.Equal(ExitCodes.MalformedInput, code);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors()
    {
        await Assert.ThrowsAsync<UsageException>(() => RunAsync("{}", "--print"));
        await Assert.ThrowsAsync<UsageException>(() => RunAsync("{}", "--spec"));
        await Assert.ThrowsAsync<UsageException>(() => RunAsync("{}", "--spec", "-", "--print", "--bogus"));
        var (code, _, error) = await RunAsync("", "--spec", "/nonexistent/spec.json", "--print");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string standardInput, params string[] args)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = await OriginateCommand.RunAsync(args, () => new MemoryStream(Encoding.UTF8.GetBytes(standardInput)), output, error, CancellationToken.None);
        return (code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }
}
