using EslKit.Controller.Api;
using EslKit.Controller.Demo;
using Microsoft.AspNetCore.Hosting.Server;

namespace EslKit.Controller.WebConsole;

/// <summary>
/// <c>./run.sh --serve</c>: the console's URL, after the API's lines (which carry the admin key and the demo tenants'
/// keys: any of them signs in). Standard output only, never a log.
/// </summary>
internal sealed class ConsoleServeAnnouncement(IServer server) : IServeAnnouncement
{
    public async Task AnnounceAsync(DemoRun? run, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (ApiBanner.BaseUrl(server) is not { } url)
        {
            return;
        }

        output.WriteLine($"EslKit console: {url}/   sign in with the admin key (tenants, nodes) or a tenant's API key (campaigns, call logs, charts)");
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
