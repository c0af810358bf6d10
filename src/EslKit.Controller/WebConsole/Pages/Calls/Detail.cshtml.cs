using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns;
using EslKit.Controller.WebConsole.Calls;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages.Calls;

/// <summary>
/// One call attempt of the tenant's: times, route (the call log's, which never holds a secret), node, outcome, cost
/// and revenue, and — when the voice pipeline's table exists — its transcript turn by turn with each reply's
/// latency. Another tenant's call is 404.
/// </summary>
internal sealed class DetailModel(CallLogSearch search, CampaignService campaigns, TranscriptReader transcripts) : PageModel
{
    public CallLog Log { get; private set; } = null!;

    public string? CampaignName { get; private set; }

    /// <summary>The transcript, or null when the database has no transcripts table.</summary>
    public IReadOnlyList<TranscriptTurn>? Transcript { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid callId, int attempt, CancellationToken cancellationToken)
    {
        long tenantId = User.FindTenantId()!.Value;
        if (await search.GetAsync(tenantId, callId, attempt, cancellationToken) is not { } log)
        {
            return NotFound();
        }

        Log = log;
        if (log.CampaignId is { } campaignId)
        {
            try
            {
                CampaignName = (await campaigns.GetAsync(tenantId, campaignId, cancellationToken)).Name;
            }
            catch (NotFoundException)
            {
                CampaignName = null;
            }
        }

        Transcript = await transcripts.ReadAsync(callId, attempt, cancellationToken);
        return Page();
    }
}
