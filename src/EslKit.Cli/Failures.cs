using EslKit.Cli.Commands;

namespace EslKit.Cli;

/// <summary>
/// How a live command's failure is told and which exit code it gives (the README's list): 2 for a value
/// EslKit refuses to send, 4 when FreeSWITCH cannot be reached, refuses the login or goes away, 5 for a
/// command that failed. Messages come from EslKit's exceptions, which never contain a secret.
/// </summary>
internal static class Failures
{
    /// <summary>True for the failures <see cref="ReportAsync"/> knows; anything else is a bug and stays unhandled.</summary>
    public static bool IsReportable(Exception error) => error is EslValueRejectedException or EslInvalidSettingException or EslException;

    public static async Task<int> ReportAsync(Exception error, TextWriter output)
    {
        (string message, int code) = error switch
        {
            EslValueRejectedException refused => ($"refused: {refused.Message}", ExitCodes.Refused),
            EslInvalidSettingException { Setting: "Password" } password =>
                ($"refused: the password ({LiveOptions.PasswordVariable} or the prompt) {password.Requirement}.", ExitCodes.Refused),
            EslInvalidSettingException setting => (setting.Message, ExitCodes.Usage),
            EslConnectException or EslAuthenticationException or EslAccessDeniedException or EslConnectionLostException => (error.Message, ExitCodes.ConnectionFailed),
            _ => (error.Message, ExitCodes.CommandFailed),
        };
        await output.WriteLineAsync($"eslkit: {message}").ConfigureAwait(false);
        return code;
    }
}
