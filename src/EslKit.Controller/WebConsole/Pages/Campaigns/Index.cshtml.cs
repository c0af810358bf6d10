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
/// its numbers imported with the API's services; if the import fails (or the request is cancelled) the new draft is
/// deleted again, so a failed submission leaves nothing.
/// </summary>
internal sealed class IndexModel(CampaignService campaigns, NumberImporter importer, TenantService tenants, IOptions<ApiOptions> api) : PageModel, IShowsRefusedPost
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

    /// <inheritdoc/>
    public void ShowRefusal(string message) => Error = message;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);

        // A setting the form could not read (MaxAttempts=abc) is refused by name, not replaced by its default.
        if (ConsoleModelErrors.First(ModelState) is { } unreadable)
        {
            Error = unreadable;
            return Refused(StatusCodes.Status400BadRequest);
        }

        try
        {
            var (lines, refusal) = await ReadLinesAsync(cancellationToken);
            if (lines is null)
            {
                return Refused(refusal);
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
            ImportReport report;
            try
            {
                report = await importer.ImportAsync(TenantId, campaign.Id, lines, cancellationToken);
            }
            catch
            {
                // The import (its own transaction) wrote nothing: take the new draft back too, so a failed or cancelled
                // submission leaves nothing, as the page says. Not with the request's token: it may be the one cancelled.
                await campaigns.DeleteNewDraftAsync(TenantId, campaign.Id, CancellationToken.None);
                throw;
            }

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

    // The submitted lines (the file when one was chosen, else the pasted text), or null with Error set and the status.
    private async Task<(List<NumberLine>? Lines, int Refusal)> ReadLinesAsync(CancellationToken cancellationToken)
    {
        if (Input.File is { Length: > 0 } file)
        {
            if (file.Length > api.Value.MaxUploadBytes)
            {
                Error = $"The file is larger than {api.Value.MaxUploadBytes} bytes; split it.";
                return (null, StatusCodes.Status413PayloadTooLarge);
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
                return (null, StatusCodes.Status400BadRequest);
            }

            return (NumberListReader.FromCsv(text), 0);
        }

        if (!string.IsNullOrWhiteSpace(Input.Numbers))
        {
            // A pasted list has the file's limit.
            if (RefusedPost.IsTooLarge(Input.Numbers, api.Value.MaxUploadBytes))
            {
                Error = RefusedPost.TooLargeMessage(api.Value.MaxUploadBytes);
                return (null, StatusCodes.Status413PayloadTooLarge);
            }

            return (NumberListReader.FromCsv(Input.Numbers), 0);
        }

        Error = "Paste the numbers or choose a CSV file.";
        return (null, StatusCodes.Status400BadRequest);
    }
}
