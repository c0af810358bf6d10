namespace EslKit.Cli;

/// <summary>Help text and usage errors.</summary>
internal static class Usage
{
    public const string Text = """
        eslkit - FreeSWITCH Event Socket tools

        usage:
          eslkit decode <file|-> [--summary-only]
              Read raw ESL bytes as FreeSWITCH sent them; print one JSON object per frame and a summary.
          eslkit api <command> [args...]   [--host H] [--port P] [--user user@domain]
          eslkit bgapi <command> [args...] [--host H] [--port P] [--user user@domain]
              Run one command on a FreeSWITCH and print its output (exit 5 when it answers -ERR).
          eslkit events [--format plain|json] [names...] [CUSTOM subclass...] [--host H] [--port P]
              Live tail of events, one JSON line each (default: ALL), until Ctrl+C.
          eslkit originate --spec <file|-> [--print] [--host H] [--port P] [--user user@domain]
              Build an originate from a JSON spec with EslKit's checks and escaping; place the call
              with bgapi and print the job's result, or with --print just print the exact command
              line (bgapi originate ...). A refused value exits 2, naming the variable only.

        The password comes from the ESLKIT_PASSWORD environment variable or a prompt, never a flag.

        exit codes: 0 ok, 1 usage, 2 value refused, 3 malformed input, 4 connection failed, 5 command failed
        """;

    public static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"eslkit: {message}").ConfigureAwait(false);
        await Console.Error.WriteLineAsync("run 'eslkit --help' for usage").ConfigureAwait(false);
        return ExitCodes.Usage;
    }
}
