
namespace EslKit.Cli.Commands;

/// <summary>
/// <c>eslkit api &lt;command&gt; [args…]</c> and <c>eslkit bgapi &lt;command&gt; [args…]</c>: run one command on a
/// FreeSWITCH and print its output (exit 0 on success, 5 when FreeSWITCH answers -ERR).
/// </summary>
internal static class ApiCommand
{
    public static async Task<int> RunAsync(bool background, string[] args, TextWriter output, TextWriter error, Func<string?> promptPassword, CancellationToken cancellationToken)
    {
        var (options, rest) = LiveOptions.Parse(args, promptPassword);
        if (rest.Count == 0)
        {
            throw new UsageException($"{(background ? "bgapi" : "api")} needs a command, e.g. 'status'");
        }

        string command = rest[0];
        string? arguments = rest.Count > 1 ? string.Join(' ', rest.Skip(1)) : null;
        await using var client = new EslClient(options);
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            string body;
            bool ok;
            if (background)
            {
                var job = await client.BgApiAsync(command, arguments, cancellationToken).ConfigureAwait(false);
                (body, ok) = (job.Body, job.IsSuccess);
            }
            else
            {
                var response = await client.ApiAsync(command, arguments, cancellationToken).ConfigureAwait(false);
                (body, ok) = (response.Body, response.IsSuccess);
            }

            await output.WriteAsync(body).ConfigureAwait(false);
            if (body.Length > 0 && body[^1] != '\n')
            {
                await output.WriteLineAsync().ConfigureAwait(false);
            }

            return ok ? ExitCodes.Ok : ExitCodes.CommandFailed;
        }
        catch (EslException ex)
        {
            return await LiveOptions.ReportAsync(ex, error).ConfigureAwait(false);
        }
    }
}
