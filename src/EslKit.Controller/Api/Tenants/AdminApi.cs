using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Api.Diagnostics;
using EslKit.Controller.Api.Problems;
using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EslKit.Controller.Api.Tenants;

/// <summary>
/// The admin API (<c>/api/admin</c>, admin key only): tenants, their API keys and SIP settings, and the system
/// settings. Here the tenant id comes from the route — the admin acts on any tenant; an unknown one is 404.
/// </summary>
internal static class AdminApi
{
    /// <summary>Maps the admin endpoints under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").RequireAuthorization(ApiKeyDefaults.AdminPolicy).WithTags("Admin");

        admin.MapGet("/tenants", async Task<Ok<List<TenantResponse>>> (TenantService tenants, CancellationToken ct) =>
            TypedResults.Ok((await tenants.ListAsync(ct)).Select(TenantResponse.From).ToList()))
            .WithName("ListTenants").WithSummary("Every tenant, by id.");

        admin.MapPost("/tenants", async Task<Created<TenantResponse>> (CreateTenantRequest request, TenantService tenants, ILogger<TenantService> log, CancellationToken ct) =>
        {
            var tenant = await tenants.CreateAsync(request.ToNewTenant(), ct);
            ApiLog.AdminAction(log, "tenant created", tenant.Id);
            return TypedResults.Created($"/api/admin/tenants/{tenant.Id}", TenantResponse.From(tenant));
        }).WithName("CreateTenant").WithSummary("Creates a tenant (no API key yet: issue one with POST …/api-key).");

        admin.MapGet("/tenants/{tenantId:long}", async Task<Ok<TenantResponse>> (long tenantId, TenantService tenants, CancellationToken ct) =>
            TypedResults.Ok(TenantResponse.From(await tenants.GetAsync(tenantId, ct))))
            .WithName("GetTenant").WithSummary("One tenant.");

        admin.MapPatch("/tenants/{tenantId:long}", async Task<Ok<TenantResponse>> (long tenantId, UpdateTenantRequest request, TenantService tenants, ILogger<TenantService> log, CancellationToken ct) =>
        {
            // Every change is checked before any is written: a refusal writes nothing.
            var tenant = await tenants.UpdateAsync(tenantId, request.ToChanges(), ct);
            ApiLog.AdminAction(log, "tenant changed", tenantId);
            return TypedResults.Ok(TenantResponse.From(tenant));
        }).WithName("UpdateTenant").WithSummary("Changes a tenant's account type, active flag, concurrency limit or price per minute.");

        admin.MapPost("/tenants/{tenantId:long}/api-key", async Task<Ok<ApiKeyResponse>> (long tenantId, TenantService tenants, HttpResponse response, CancellationToken ct) =>
        {
            string key = await tenants.IssueApiKeyAsync(tenantId, ct);
            response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new ApiKeyResponse(tenantId, key));
        }).WithName("IssueTenantApiKey").WithSummary("Issues the tenant a new API key, shown once; the previous key stops working.");

        admin.MapGet("/tenants/{tenantId:long}/sip", async Task<Results<Ok<SipConfigResponse>, ProblemHttpResult>> (long tenantId, TenantService tenants, PhoneConfigService configs, CancellationToken ct) =>
        {
            await tenants.GetAsync(tenantId, ct);
            return await configs.FindAsync(tenantId, ct) is { } config
                ? TypedResults.Ok(SipConfigResponse.From(config))
                : ApiProblems.NotFound("SIP configuration of tenant", tenantId);
        }).WithName("GetTenantSip").WithSummary("A pro tenant's SIP settings; the password shows only as a mask.");

        admin.MapPut("/tenants/{tenantId:long}/sip", async Task<Ok<SipConfigResponse>> (long tenantId, SipConfigRequest request, TenantService tenants, PhoneConfigService configs, ILogger<PhoneConfigService> log, CancellationToken ct) =>
        {
            await tenants.GetAsync(tenantId, ct);
            string? stored = request.SipPassword is null ? (await configs.FindAsync(tenantId, ct))?.SipPassword : null;
            var config = request.ToPhoneConfig(stored);
            await configs.SaveAsync(tenantId, config, ct);
            ApiLog.AdminAction(log, "SIP settings saved", tenantId);
            return TypedResults.Ok(SipConfigResponse.From(config));
        }).WithName("SaveTenantSip").WithSummary("Saves a pro tenant's SIP settings (validated with the originate they will be used in; the password is encrypted at rest).");

        admin.MapDelete("/tenants/{tenantId:long}/sip", async Task<Results<NoContent, ProblemHttpResult>> (long tenantId, TenantService tenants, PhoneConfigService configs, ILogger<PhoneConfigService> log, CancellationToken ct) =>
        {
            await tenants.GetAsync(tenantId, ct);
            if (!await configs.DeleteAsync(tenantId, ct))
            {
                return ApiProblems.NotFound("SIP configuration of tenant", tenantId);
            }

            ApiLog.AdminAction(log, "SIP settings removed", tenantId);
            return TypedResults.NoContent();
        }).WithName("DeleteTenantSip").WithSummary("Removes a pro tenant's SIP settings (its campaigns can no longer start).");

        admin.MapGet("/settings", async Task<Ok<SettingsBody>> (SystemSettingsService settings, CancellationToken ct) =>
            TypedResults.Ok(SettingsBody.From(await settings.GetAsync(ct))))
            .WithName("GetSettings").WithSummary("The system's prices, costs and billing increment.");

        admin.MapPut("/settings", async Task<Ok<SettingsBody>> (SettingsBody request, SystemSettingsService settings, CancellationToken ct) =>
        {
            await settings.UpdateAsync(request.ToSettings(), ct);
            return TypedResults.Ok(SettingsBody.From(await settings.GetAsync(ct)));
        }).WithName("UpdateSettings").WithSummary("Replaces the system's prices, costs and billing increment.");

        return admin;
    }
}
