using System.Text;
using EslKit.Controller.Api;
using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.WebConsole.Pages.Campaigns;

/// <summary>
/// A tenant's campaigns: the list, and the form that creates one from pasted numbers or a CSV file. Every line is
/// checked first (the importer's normaliser, the campaign's region): bad lines are shown with their line number and
/// reason and nothing is saved, unless the user then chooses to leave them out. Then the campaign is created and
/// its numbers imported with the API's services.
/// </summary>
internal sealed class IndexModel(CampaignService campaigns, NumberImporter importer, TenantService tenants, IOptions<ApiOptions> api) : PageModel
{
    // How many bad lines the page lists (the count is always exact).
    private const int MaxRejectedShown = 1000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];

    public Tenant Tenant { get; private set; } = null!;

    [BindProperty]
    public CampaignForm Input { get; set; } = new();

    /// <summary>The form's refusal, if any.</summary>
    public string? Error { get; private set; }

    /// <summary>The bad lines of the last submission (nothing was saved).</summary>
    public IReadOnlyList<RejectedLine> Rejected { get; private set; } = [];

    public int RejectedCount { get; private set; }

    public int ValidCount { get; private set; }

    private long TenantId => User.FindTenantId()!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        try
        {
            var lines = await ReadLinesAsync(cancellationToken);
            if (lines is null)
            {
                return Refused(StatusCodes.Status400BadRequest);
            }

            if (lines.Count > NumberImporter.MaxNumbers)
            {
                Error = $"At most {NumberImporter.MaxNumbers} numbers per campaign upload; split the list.";
                return Refused(StatusCodes.Status413PayloadTooLarge);
            }

            var rejected = new List<RejectedLine>();
            foreach (var line in lines)
            {
                if (PhoneNumberNormalizer.TryNormalize(line.Text, Tenant.DefaultRegion, out string? reason) is null)
                {
                    RejectedCount++;
                    if (rejected.Count < MaxRejectedShown)
                    {
                        rejected.Add(new RejectedLine(line.Line, reason!));
                    }
                }
            }

            ValidCount = lines.Count - RejectedCount;
            Rejected = rejected;
            if (RejectedCount > 0 && !Input.SkipInvalid)
            {
                Error = $"{RejectedCount} line(s) are not valid numbers; nothing was saved. Fix them, or tick “leave the invalid lines out” and submit again.";
                return Refused(StatusCodes.Status422UnprocessableEntity);
            }

            if (ValidCount == 0)
            {
                Error = "There is no valid number to call.";
                return Refused(StatusCodes.Status422UnprocessableEntity);
            }

            var campaign = await campaigns.CreateAsync(Input.ToNewCampaign(TenantId), cancellationToken);
            var report = await importer.ImportAsync(TenantId, campaign.Id, lines, cancellationToken);
            TempData["message"] = $"Campaign created: {report.Accepted} number(s) to call, {report.Duplicates} duplicate(s) dropped, {report.DoNotCall} on the do-not-call list, {report.OutsideWindow} never inside the calling window (skipped), {report.Rejected.Count} invalid line(s) left out.";
            return LocalRedirect($"/Campaigns/{campaign.Id}");
        }
        catch (InputRejectedException ex)
        {
            Error = ex.Message;
            return Refused(StatusCodes.Status400BadRequest);
        }
    }

    private PageResult Refused(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tenant = await tenants.GetAsync(TenantId, cancellationToken);
        Campaigns = await campaigns.ListAsync(TenantId, cancellationToken);
    }

    // The submitted lines (the file when one was chosen, else the pasted text), or null with Error set.
    private async Task<List<NumberLine>?> ReadLinesAsync(CancellationToken cancellationToken)
    {
        if (Input.File is { Length: > 0 } file)
        {
            if (file.Length > api.Value.MaxUploadBytes)
            {
                Error = $"The file is larger than {api.Value.MaxUploadBytes} bytes; split it.";
                return null;
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            string text;
            try
            {
                var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
                text = StrictUtf8.GetString(bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes);
            }
            catch (DecoderFallbackException)
            {
                Error = "The file is not UTF-8 text.";
                return null;
            }

            return NumberListReader.FromCsv(text);
        }

        if (!string.IsNullOrWhiteSpace(Input.Numbers))
        {
            return NumberListReader.FromCsv(Input.Numbers);
        }

        Error = "Paste the numbers or choose a CSV file.";
        return null;
    }
}
