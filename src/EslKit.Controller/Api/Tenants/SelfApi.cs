using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EslKit.Controller.Api.Tenants;

/// <summary><c>/api/me</c>: the tenant the caller's key belongs to.</summary>
internal static class SelfApi
{
    /// <summary>Maps <c>GET /me</c> under <paramref name="tenantApi"/>.</summary>
    public static RouteHandlerBuilder MapSelfApi(this RouteGroupBuilder tenantApi) =>
        tenantApi.MapGet("/me", async Task<Ok<TenantResponse>> (CurrentTenant tenant, TenantService tenants, CancellationToken ct) =>
            TypedResults.Ok(TenantResponse.From(await tenants.GetAsync(tenant.Id, ct))))
            .RequireAuthorization(ApiKeyDefaults.TenantPolicy).WithTags("Tenant").WithName("GetSelf").WithSummary("The caller's tenant: account type, limit, price.");
}
