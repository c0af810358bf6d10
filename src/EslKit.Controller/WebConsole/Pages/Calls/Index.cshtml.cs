using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns;
using EslKit.Controller.WebConsole.Calls;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.WebConsole.Pages.Calls;

/// <summary>
/// The tenant's call logs: filtered by campaign, outcome and UTC dates, newest first, paged by the API's keyset
/// cursor (<see cref="CallLogSearch"/>), with a link to the CSV export of the same filter.
/// </summary>
internal sealed class IndexModel(CallLogSearch search, CampaignService campaigns, IOptions<ConsoleOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public ConsoleCallLogFilter Filter { get; set; } = new();

    /// <summary>The page's start (the previous page's cursor), or null for the newest.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public CallLogPage Results { get; private set; } = new([], null);

    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];

    public IReadOnlyDictionary<long, string> CampaignNames { get; private set; } = new Dictionary<long, string>();

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        long tenantId = User.FindTenantId()!.Value;
        Campaigns = await campaigns.ListAsync(tenantId, cancellationToken);
        CampaignNames = Campaigns.ToDictionary(c => c.Id, c => c.Name);
        // A value the filter could not read (a date that does not exist, a campaign that is not a number) is refused by
        // name, not dropped: an unfiltered list would look like the filtered one.
        if (ConsoleModelErrors.First(ModelState) is { } unreadable)
        {
            Error = unreadable;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            var cursor = string.IsNullOrEmpty(After) ? null : CallLogCursor.Decode(After, "after");
            Results = await search.PageAsync(tenantId, Filter.ToFilter(), cursor, options.Value.CallLogPageSize, cancellationToken);
        }
        catch (InputRejectedException ex)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>The URL of this list with the same filter, starting after <paramref name="after"/>.</summary>
    public string Link(string path, string? after)
    {
        var values = Filter.ToRouteValues();
        values["after"] = after;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, values.Where(v => v.Value is not null));
    }
}
