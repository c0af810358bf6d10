using EslKit.Testing.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>What the emulator shows of what it received (timeout messages, ToString) never carries a secret.</summary>
public sealed class SecretMaskingTests
{
    private const string Password = "hunter2-p,a}s";
    private const string Token = "tok-5ecret";

    [Fact]
    public async Task A_wait_that_times_out_lists_what_arrived_with_every_secret_masked()
    {
        var options = new EslEmulatorOptions();
        options.SecretVariables.Add("Api_Token");
        await using var fs = await EslSwitchEmulator.StartAsync(options);
        fs.SetApiResponse("originate", "-ERR USER_BUSY\n");
        fs.SetApiResponse("uuid_setvar", "+OK\n");
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync($"api originate <sip_auth_username=601548732123,sip_auth_password={Password.Replace(",", "\\,", StringComparison.Ordinal)},api_token={Token}>sofia/external/601100002@127.0.0.1:5090 &park");
        await client.CommandAsync($"api uuid_setvar aba4baa0-402e-4e0a-a50b-86f7655e90df api_token {Token}");
        await client.CommandAsync($"api originate {{sip_auth_password={Token}}}sofia/gateway/trunk/1 &park");

        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        var perConnection = await Assert.ThrowsAsync<TimeoutException>(() => connection.WaitForCommandAsync("never", TimeSpan.FromMilliseconds(200)));
        var anyConnection = await Assert.ThrowsAsync<TimeoutException>(() => fs.WaitForCommandAsync("never", TimeSpan.FromMilliseconds(200)));

        foreach (string text in new[] { perConnection.Message, anyConnection.Message, string.Join("\n", connection.ReceivedCommands) })
        {
            Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(fs.Password, text, StringComparison.Ordinal);
            Assert.Contains("sip_auth_password=***", text, StringComparison.Ordinal);
            Assert.Contains("api_token=***", text, StringComparison.Ordinal);
            Assert.Contains("api_token ***", text, StringComparison.Ordinal);
            Assert.Contains("auth ***", text, StringComparison.Ordinal);
            Assert.Contains("sip_auth_username=601548732123", text, StringComparison.Ordinal); // what is not secret stays readable
        }
    }
}
