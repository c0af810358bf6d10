using EslKit.Controller.Api.Authentication;
using EslKit.Controller.WebConsole.Charts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages.Charts;

/// <summary>The tenant's charts, drawn on the server as SVG (<see cref="SvgBarChart"/>) from <see cref="ChartQueries"/>.</summary>
internal sealed class IndexModel(ChartQueries queries) : PageModel
{
    /// <summary>How many days the daily charts cover (1–90, default 14).</summary>
    [BindProperty(SupportsGet = true)]
    public int Days { get; set; } = 14;

    public IReadOnlyList<BarChart> Charts { get; private set; } = [];

    /// <summary>Whether the database has transcripts (the latency chart needs them).</summary>
    public bool HasTranscripts { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Days = Math.Clamp(Days, 1, 90);
        long tenantId = User.FindTenantId()!.Value;
        var hourly = await queries.CallsPerHourAsync(tenantId, cancellationToken);
        var (rate, talk, money) = await queries.DailyAsync(tenantId, Days, cancellationToken);
        var latency = await queries.LatencyAsync(tenantId, cancellationToken);
        HasTranscripts = latency is not null;
        Charts = latency is null ? [hourly, rate, talk, money] : [hourly, rate, talk, money, latency];
        return Page();
    }
}
