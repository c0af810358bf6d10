using System.Net;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Api;

/// <summary>Without an admin key configured the admin API refuses every request (and tenants still work).</summary>
public sealed class NoAdminKeyTests(PostgresCluster cluster) : ApiTest(cluster)
{
    internal override IDictionary<string, string?>? ApiSettings => new Dictionary<string, string?> { ["Api:AdminKey"] = null };

    [Fact]
    public async Task Without_an_admin_key_the_admin_api_refuses_everyone()
    {
        await AssertProblemAsync(await App.Client("anything-at-all-that-is-long-enough-0000").GetAsync("/api/admin/tenants"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await App.Client(null).GetAsync("/api/admin/tenants"), HttpStatusCode.Unauthorized);
        Assert.Contains(App.Logs.Entries, e => e.Contains("[8002]", StringComparison.Ordinal));
    }
}
