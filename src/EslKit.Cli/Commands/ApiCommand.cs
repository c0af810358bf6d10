namespace EslKit.Cli.Commands;

/// <summary>
/// <c>eslkit api &lt;command&gt; [args…]</c> and <c>eslkit bgapi &lt;command&gt; [args…]</c>: run one command on a
/// FreeSWITCH and print its output (exit 0 on success, 5 when FreeSWITCH answers -ERR). The words form one
/// command line, so <c>eslkit api "show channels"</c> and <c>eslkit api show channels</c> are the same, as with
/// <c>fs_cli -x</c>. The line is checked before anything is sent: a refused value exits 2.
/// </summary>
internal static class ApiCommand
{
    public static async Task<int> RunAsync(bool background, string[] args, TextWriter output, TextWriter error, Func<string?> promptPassword, CancellationToken cancellationToken)
    {
        try
        {
            EslApiCall call = default;
            var (options, _) = LiveOptions.Parse(args, promptPassword, rest =>
            {
                if (rest.Count == 0)
                {
                    throw new UsageException($"{(background ? "bgapi" : "api")} needs a command, e.g. 'status'");
                }

                call = EslApiCall.Parse(string.Join(' ', rest));
            });
            await using var client = new EslClient(options);
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            string body;
            bool ok;
            if (background)
            {
                var job = await client.BgApiAsync(call, cancellationToken).ConfigureAwait(false);
                (body, ok) = (job.Body, job.IsSuccess);
            }
            else
            {
                var response = await client.ApiAsync(call, cancellationToken).ConfigureAwait(false);
                (body, ok) = (response.Body, response.IsSuccess);
            }

            await output.WriteAsync(body).ConfigureAwait(false);
            if (body.Length > 0 && body[^1] != '\n')
            {
                await output.WriteLineAsync().ConfigureAwait(false);
            }

            return ok ? ExitCodes.Ok : ExitCodes.CommandFailed;
        }
        catch (Exception ex) when (Failures.IsReportable(ex))
        {
            return await Failures.ReportAsync(ex, error).ConfigureAwait(false);
        }
    }
}
