using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Api.Problems;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EslKit.Controller.Api.DoNotCall;

/// <summary>The caller's do-not-call list (<c>/api/dnc</c>): list, add, remove. Listed numbers are never dialled.</summary>
internal static class DoNotCallApi
{
    /// <summary>Maps the DNC endpoints under <paramref name="tenantApi"/>.</summary>
    public static RouteGroupBuilder MapDoNotCallApi(this RouteGroupBuilder tenantApi)
    {
        var dnc = tenantApi.MapGroup("/dnc").RequireAuthorization(ApiKeyDefaults.TenantPolicy).WithTags("Do not call");

        dnc.MapGet("/", async Task<Ok<DncListResponse>> (CurrentTenant tenant, DoNotCallService service, CancellationToken ct) =>
            TypedResults.Ok(new DncListResponse(await service.ListAsync(tenant.Id, ct))))
            .WithName("ListDnc").WithSummary("The caller's do-not-call list.");

        dnc.MapPost("/", async Task<Ok<DncAddResponse>> (DncNumbersRequest request, CurrentTenant tenant, DoNotCallService service, CancellationToken ct) =>
        {
            if (request.Numbers is null || request.Numbers.Count == 0)
            {
                throw new InputRejectedException("numbers", InputError.Required);
            }

            string region = request.Region is null ? tenant.DefaultRegion : TenantService.CheckRegion(request.Region, "region");
            return TypedResults.Ok(new DncAddResponse(await service.AddAsync(tenant.Id, request.Numbers, region, ct)));
        }).WithName("AddDnc").WithSummary("Adds numbers; the caller's waiting items for them are skipped (dnc).");

        dnc.MapDelete("/{number}", async Task<Results<NoContent, ProblemHttpResult>> (string number, CurrentTenant tenant, DoNotCallService service, CancellationToken ct) =>
            await service.RemoveAsync(tenant.Id, [number], tenant.DefaultRegion, ct) > 0
                ? TypedResults.NoContent()
                : ApiProblems.Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", "The number is not on the do-not-call list."))
            .WithName("RemoveDnc").WithSummary("Removes a number (items already skipped stay skipped).");

        return dnc;
    }
}
