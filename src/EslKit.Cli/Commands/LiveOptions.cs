using System.Globalization;

namespace EslKit.Cli.Commands;

/// <summary>
/// Where a live command connects: <c>--host</c>, <c>--port</c>, <c>--user user@domain</c>. The password
/// comes from the ESLKIT_PASSWORD environment variable or a prompt, never from a flag that would land
/// in shell history.
/// </summary>
internal static class LiveOptions
{
    public const string PasswordVariable = "ESLKIT_PASSWORD";

    /// <summary>Takes the connection flags out of <paramref name="args"/>; returns the rest.</summary>
    public static (EslClientOptions Options, List<string> Remaining) Parse(string[] args, Func<string?> promptPassword)
    {
        var options = new EslClientOptions { HeartbeatTimeout = null, Reconnect = new EslReconnectOptions { Enabled = false } };
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--host":
                    options.Host = Value(args, ref i);
                    break;
                case "--port":
                    options.Port = int.TryParse(Value(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out int port) ? port : throw new UsageException("--port takes a number");
                    break;
                case "--user":
                    options.User = Value(args, ref i);
                    break;
                case "--password":
                    throw new UsageException($"passwords never go on the command line: set {PasswordVariable} or answer the prompt");
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        options.Password = Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : promptPassword() ?? throw new UsageException($"no password: set {PasswordVariable} or run in a terminal to be asked");
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        return (options, rest);
    }

    /// <summary>Asks on the terminal without echoing; null when there is no terminal.</summary>
    public static string? PromptPassword()
    {
        if (Console.IsInputRedirected)
        {
            return null;
        }

        Console.Error.Write("FreeSWITCH event socket password: ");
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }

                continue;
            }

            password.Append(key.KeyChar);
        }

        Console.Error.WriteLine();
        return password.ToString();
    }

    /// <summary>Prints a live command's failure and gives its exit code: 4 when FreeSWITCH could not be reached or went away, 5 otherwise.</summary>
    public static async Task<int> ReportAsync(EslException error, TextWriter output)
    {
        await output.WriteLineAsync($"eslkit: {error.Message}").ConfigureAwait(false);
        return error is EslConnectException or EslAuthenticationException or EslAccessDeniedException or EslConnectionLostException
            ? ExitCodes.ConnectionFailed
            : ExitCodes.CommandFailed;
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new UsageException($"{args[i - 1]} needs a value");
}
