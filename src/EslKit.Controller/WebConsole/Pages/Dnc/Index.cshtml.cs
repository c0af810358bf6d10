using EslKit.Controller.Api;
using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.WebConsole.Pages.Dnc;

/// <summary>
/// The tenant's do-not-call list, with the service behind the API's <c>/api/dnc</c> (<see cref="DoNotCallService"/>):
/// the list, numbers added from pasted lines, and each number removed. Every line is checked first with the same
/// normaliser (the tenant's region, or the one given, checked as the API checks it): bad lines are listed with their line
/// number and reason — the value is not repeated — and nothing is added.
/// </summary>
internal sealed class IndexModel(DoNotCallService dnc, TenantService tenants, IOptions<ApiOptions> api) : PageModel, IShowsRefusedPost
{
    /// <summary>How many listed numbers the page shows (the count is always exact).</summary>
    public const int MaxShown = 1000;

    // As many as a campaign upload takes.
    private const int MaxLines = NumberImporter.MaxNumbers;

    public Tenant Tenant { get; private set; } = null!;

    /// <summary>The listed numbers (E.164 digits), at most <see cref="MaxShown"/>.</summary>
    public IReadOnlyList<string> Numbers { get; private set; } = [];

    public int Count { get; private set; }

    /// <summary>The pasted numbers (kept after a refusal so they can be fixed).</summary>
    [BindProperty]
    public string? Pasted { get; set; }

    /// <summary>The region for numbers without a country code (empty: the tenant's).</summary>
    [BindProperty]
    public string? Region { get; set; }

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    /// <summary>The bad lines of the last submission (nothing was added).</summary>
    public IReadOnlyList<RejectedLine> Rejected { get; private set; } = [];

    public int RejectedCount { get; private set; }

    private long TenantId => User.FindTenantId()!.Value;

    /// <inheritdoc/>
    public void ShowRefusal(string message) => Error = message;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Message = TempData["message"] as string;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        try
        {
            // A pasted list has a campaign upload's limit (a URL-encoded form's field is already held to it before it is read).
            if (RefusedPost.IsTooLarge(Pasted, api.Value.MaxUploadBytes))
            {
                Error = RefusedPost.TooLargeMessage(api.Value.MaxUploadBytes);
                Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Page();
            }

            string region = string.IsNullOrWhiteSpace(Region) ? Tenant.DefaultRegion : TenantService.CheckRegion(Region.Trim(), "region");
            var lines = NumberListReader.FromCsv(Pasted ?? "");
            if (lines.Count == 0)
            {
                throw new InputRejectedException("numbers", InputError.Required);
            }

            if (lines.Count > MaxLines)
            {
                throw new InputRejectedException("numbers", InputError.TooLarge, $"at most {MaxLines} numbers at once");
            }

            var rejected = new List<RejectedLine>();
            foreach (var line in lines)
            {
                if (PhoneNumberNormalizer.TryNormalize(line.Text, region, out string? reason) is null)
                {
                    RejectedCount++;
                    if (rejected.Count < MaxShown)
                    {
                        rejected.Add(new RejectedLine(line.Line, reason!));
                    }
                }
            }

            if (RejectedCount > 0)
            {
                Rejected = rejected;
                Error = $"{RejectedCount} line(s) are not valid numbers; nothing was added. Fix or remove them and submit again.";
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            }

            int added = await dnc.AddAsync(TenantId, lines.Select(l => l.Text), region, cancellationToken);
            TempData["message"] = $"{added} number(s) added ({lines.Count - added} already listed or repeated). Waiting calls to them are skipped.";
            return RedirectToPage();
        }
        catch (InputRejectedException ex)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRemoveAsync([FromForm] string? number, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        try
        {
            // The list holds E.164 digits: with a '+' they read the same in any region.
            string digits = (number ?? "").Trim().TrimStart('+');
            int removed = digits.Length == 0 ? 0 : await dnc.RemoveAsync(TenantId, ["+" + digits], Tenant.DefaultRegion, cancellationToken);
            if (removed == 0)
            {
                Error = "That number is not on the list.";
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
            }

            TempData["message"] = $"+{digits} removed from the list (calls already skipped stay skipped).";
            return RedirectToPage();
        }
        catch (InputRejectedException ex)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tenant = await tenants.GetAsync(TenantId, cancellationToken);
        var all = await dnc.ListAsync(TenantId, cancellationToken);
        Count = all.Count;
        Numbers = all.Count <= MaxShown ? all : [.. all.Take(MaxShown)];
    }
}
