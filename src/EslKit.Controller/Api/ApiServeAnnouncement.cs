using System.Globalization;
using EslKit.Controller.Demo;
using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Api;

/// <summary>
/// <c>./run.sh --serve</c>, once the demo has run: where the API is, the admin key (when generated for the local
/// setup), and a fresh API key for each demo tenant with a curl line to try — all on standard output, never in a log.
/// </summary>
internal sealed class ApiServeAnnouncement(
    IServer server,
    IOptions<ApiOptions> options,
    TenantService tenants,
    IServiceProvider services) : IServeAnnouncement
{
    public async Task AnnounceAsync(DemoRun? run, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (ApiBanner.BaseUrl(server) is not { } url)
        {
            return;
        }

        ApiBanner.Write(output, url, services.GetService<GeneratedAdminKey>(), options.Value.AdminKey);
        foreach (var tenant in run?.Tenants ?? [])
        {
            // The demo database is emptied at every run: these keys live as long as its tenants.
            string key = await tenants.IssueApiKeyAsync(tenant.Id, cancellationToken).ConfigureAwait(false);
            var campaign = run!.Campaigns.First(c => c.TenantId == tenant.Id);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Tenant {tenant.Name} ({tenant.AccountType.ToString().ToLowerInvariant()}) API key: {key}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  try: curl -H 'X-Api-Key: {key}' '{url}/api/call-logs?campaignId={campaign.Id}&limit=5'"));
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
