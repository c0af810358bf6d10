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

    /// <summary>
    /// Takes the connection flags out of <paramref name="args"/>; returns the rest. <paramref name="checkRest"/>
    /// runs on the rest before the password is asked for, so a refused command never waits for one.
    /// </summary>
    /// <exception cref="UsageException">A flag is malformed or out of range.</exception>
    /// <exception cref="EslInvalidSettingException">The password cannot be sent (a line break, NUL …).</exception>
    public static (EslClientOptions Options, List<string> Remaining) Parse(string[] args, Func<string?> promptPassword, Action<List<string>>? checkRest = null)
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

        checkRest?.Invoke(rest);
        options.Password = Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : promptPassword() ?? throw new UsageException($"no password: set {PasswordVariable} or run in a terminal to be asked");
        try
        {
            options.Validate();
        }
        catch (EslInvalidSettingException ex) when (ex.Setting is not nameof(EslClientOptions.Password))
        {
            string flag = ex.Setting switch
            {
                nameof(EslClientOptions.Host) => "--host",
                nameof(EslClientOptions.Port) => "--port",
                nameof(EslClientOptions.User) => "--user",
                _ => ex.Setting,
            };
            throw new UsageException(ex.ActualValue is null ? $"{flag} {ex.Requirement}." : $"{flag} {ex.Requirement}; it is {ex.ActualValue}.");
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

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new UsageException($"{args[i - 1]} needs a value");
}
