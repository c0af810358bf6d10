using System.Net.Http.Json;

namespace EslKit.Controller.Tests.Api.Support;

/// <summary>
/// A valid request body for every API route that takes one, so the table-driven tests can call every route. A new
/// route with a body and no sample here fails those tests until one is added.
/// </summary>
internal static class SampleRequests
{
    /// <summary>The route's request (<paramref name="path"/> filled in), with a valid body when it takes one.</summary>
    public static HttpRequestMessage For(ApiRoute route, string path)
    {
        ArgumentNullException.ThrowIfNull(route);
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.TakesBody)
        {
            request.Content = Body(route) ?? throw new InvalidOperationException($"No sample body for {route}: add one to SampleRequests.");
        }

        return request;
    }

    private static JsonContent? Body(ApiRoute route) => route.ToString() switch
    {
        "POST /api/admin/tenants" => JsonContent.Create(new { name = $"sample-{Guid.NewGuid():N}", accountType = "trial" }),
        "PATCH /api/admin/tenants/{tenantId:long}" => JsonContent.Create(new { active = true }),
        "PUT /api/admin/tenants/{tenantId:long}/sip" => JsonContent.Create(new { sipUsername = "601548732121", sipPassword = "sample-password", sipProxyPrimary = "sip.example" }),
        "PUT /api/admin/settings" => JsonContent.Create(new { pricePerMinute = 0.2m, trialCostPerMinute = 0.01m, aiCostPerMinute = 0.05m, billingIncrementSeconds = 30 }),
        "POST /api/campaigns" => JsonContent.Create(new { name = $"sample-{Guid.NewGuid():N}" }),
        "POST /api/campaigns/{campaignId:long}/numbers" => JsonContent.Create(new { numbers = new[] { "+60127777777" } }),
        "POST /api/dnc" => JsonContent.Create(new { numbers = new[] { "+60128888888" } }),
        _ => null,
    };
}
