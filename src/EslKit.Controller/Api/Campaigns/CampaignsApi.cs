using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Api.Diagnostics;
using EslKit.Controller.Api.Problems;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Routing;
using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Api.Campaigns;

/// <summary>
/// A tenant's campaigns (<c>/api/campaigns</c>): create, list, read, upload numbers, start, pause, resume, cancel,
/// progress. The tenant is the caller's (<see cref="CurrentTenant"/>); another tenant's campaign is "not found".
/// </summary>
internal static class CampaignsApi
{
    // How many rejected lines a refused upload lists (the count is always exact).
    private const int MaxRejectedShown = 1000;

    /// <summary>Maps the campaign endpoints under <paramref name="tenantApi"/>.</summary>
    public static RouteGroupBuilder MapCampaignsApi(this RouteGroupBuilder tenantApi)
    {
        var campaigns = tenantApi.MapGroup("/campaigns").RequireAuthorization(ApiKeyDefaults.TenantPolicy).WithTags("Campaigns");

        campaigns.MapGet("/", async Task<Ok<List<CampaignResponse>>> (CurrentTenant tenant, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(tenant.Id, ct)).Select(CampaignResponse.From).ToList()))
            .WithName("ListCampaigns").WithSummary("The caller's campaigns, newest first.");

        campaigns.MapPost("/", async Task<Created<CampaignResponse>> (CreateCampaignRequest request, CurrentTenant tenant, CampaignService service, CancellationToken ct) =>
        {
            var campaign = await service.CreateAsync(request.ToNewCampaign(tenant.Id), ct);
            return TypedResults.Created($"/api/campaigns/{campaign.Id}", CampaignResponse.From(campaign));
        }).WithName("CreateCampaign").WithSummary("Creates a draft campaign.");

        campaigns.MapGet("/{campaignId:long}", async Task<Ok<CampaignResponse>> (long campaignId, CurrentTenant tenant, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(CampaignResponse.From(await service.GetAsync(tenant.Id, campaignId, ct))))
            .WithName("GetCampaign").WithSummary("One campaign.");

        campaigns.MapGet("/{campaignId:long}/progress", async Task<Ok<CampaignProgressResponse>> (long campaignId, CurrentTenant tenant, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(CampaignProgressResponse.From(await service.GetProgressAsync(tenant.Id, campaignId, ct))))
            .WithName("GetCampaignProgress").WithSummary("The campaign's state and its items by state and by disposition.");

        campaigns.MapPost("/{campaignId:long}/numbers", UploadAsync)
            .WithName("UploadNumbers")
            .WithSummary("Imports numbers from a CSV file (text/csv) or a JSON list; invalid lines refuse the upload unless acceptValid=true.")
            .Accepts<NumberListRequest>("application/json", "text/csv")
            .WithMetadata(new UploadEndpoint());

        campaigns.MapPost("/{campaignId:long}/start", async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> (long campaignId, CurrentTenant tenant, CampaignService service, TenantService tenants, PhoneConfigService configs, CancellationToken ct) =>
        {
            // A pro tenant without SIP settings would fail every item ("Pro account requires SIP configuration"):
            // say so now and leave the campaign as it is.
            var campaign = await service.GetAsync(tenant.Id, campaignId, ct);
            if (campaign.State == CampaignState.Draft
                && (await tenants.GetAsync(tenant.Id, ct)).AccountType == AccountType.Pro
                && !await configs.ExistsAsync(tenant.Id, ct))
            {
                return ApiProblems.Problem(StatusCodes.Status409Conflict, ProblemTypes.SipConfigurationRequired, "SIP configuration required", RouteUnavailableException.NoSipConfigurationMessage + ": ask the admin to save the tenant's SIP settings, then start the campaign.");
            }

            return TypedResults.Ok(CampaignResponse.From(await service.StartAsync(tenant.Id, campaignId, ct)));
        }).WithName("StartCampaign").WithSummary("Draft → running: its numbers start being dialled.");

        campaigns.MapPost("/{campaignId:long}/pause", async Task<Ok<CampaignResponse>> (long campaignId, CurrentTenant tenant, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(CampaignResponse.From(await service.PauseAsync(tenant.Id, campaignId, ct))))
            .WithName("PauseCampaign").WithSummary("Running → paused: nothing new is dialled; calls in progress finish.");

        campaigns.MapPost("/{campaignId:long}/resume", async Task<Ok<CampaignResponse>> (long campaignId, CurrentTenant tenant, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(CampaignResponse.From(await service.ResumeAsync(tenant.Id, campaignId, ct))))
            .WithName("ResumeCampaign").WithSummary("Paused → running.");

        campaigns.MapPost("/{campaignId:long}/cancel", async Task<Ok<CampaignResponse>> (long campaignId, CurrentTenant tenant, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(CampaignResponse.From(await service.CancelAsync(tenant.Id, campaignId, ct))))
            .WithName("CancelCampaign").WithSummary("Cancels the campaign: waiting numbers are cancelled; calls in progress finish.");

        return campaigns;
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult, ValidationProblem>> UploadAsync(
        long campaignId,
        bool? acceptValid,
        HttpRequest request,
        CurrentTenant tenant,
        CampaignService campaigns,
        NumberImporter importer,
        IOptions<ApiOptions> options,
        IOptions<JsonOptions> json,
        ILogger<NumberImporter> logger,
        CancellationToken ct)
    {
        // The campaign first: another tenant's is 404 whatever the body holds.
        var campaign = await campaigns.GetAsync(tenant.Id, campaignId, ct);
        var (lines, problem) = await NumberUpload.ReadAsync(request, options.Value.MaxUploadBytes, json.Value, ct);
        if (problem is not null)
        {
            return problem switch
            {
                ProblemHttpResult p => p,
                ValidationProblem v => v,
                _ => throw new InvalidOperationException("Unexpected upload problem type."),
            };
        }

        if (acceptValid != true)
        {
            var rejected = new List<RejectedLine>();
            int count = 0;
            foreach (var line in lines!)
            {
                if (PhoneNumberNormalizer.TryNormalize(line.Text, campaign.DefaultRegion, out string? reason) is null)
                {
                    if (count++ < MaxRejectedShown)
                    {
                        rejected.Add(new RejectedLine(line.Line, reason!));
                    }
                }
            }

            if (count > 0)
            {
                ApiLog.UploadRefused(logger, campaignId, count);
                return ApiProblems.Problem(
                    StatusCodes.Status422UnprocessableEntity,
                    ProblemTypes.InvalidNumbers,
                    "Invalid numbers",
                    $"{count} line(s) are not valid numbers; nothing was imported. Fix them, or send acceptValid=true to import the valid ones.",
                    new Dictionary<string, object?> { ["rejectedCount"] = count, ["rejected"] = rejected });
            }
        }

        return TypedResults.Ok(ImportResponse.From(await importer.ImportAsync(tenant.Id, campaignId, lines!, ct)));
    }
}
