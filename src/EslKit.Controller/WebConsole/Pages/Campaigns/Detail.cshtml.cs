using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Routing;
using EslKit.Controller.Tenants;
using EslKit.Controller.WebConsole.Progress;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages.Campaigns;

/// <summary>
/// One campaign: its settings, the actions its state allows (start, pause, resume, cancel — the API's transitions
/// and its "pro needs SIP settings" check), and the live progress view, which the page's script keeps current from
/// the feed (<see cref="ProgressFeed"/>) without reloading. Another tenant's campaign is 404.
/// </summary>
internal sealed class DetailModel(CampaignService campaigns, LiveProgressReader progress, TenantService tenants, PhoneConfigService configs) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;

    public LiveProgress Progress { get; private set; } = null!;

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    private long TenantId => User.FindTenantId()!.Value;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Message = TempData["message"] as string;
        return Page();
    }

    public Task<IActionResult> OnPostStartAsync(long id, CancellationToken cancellationToken) => ActAsync(id, "started", async ct =>
    {
        // As the API: a pro tenant without SIP settings would fail every number; say so and leave the draft as it is.
        // Only whether they exist: the password is not decrypted here.
        var campaign = await campaigns.GetAsync(TenantId, id, ct);
        if (campaign.State == CampaignState.Draft
            && (await tenants.GetAsync(TenantId, ct)).AccountType == AccountType.Pro
            && !await configs.ExistsAsync(TenantId, ct))
        {
            throw new InputRejectedException("state", InputError.InvalidState, RouteUnavailableException.NoSipConfigurationMessage + ": ask the admin to save your SIP settings first");
        }

        await campaigns.StartAsync(TenantId, id, ct);
    }, cancellationToken);

    public Task<IActionResult> OnPostPauseAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, "paused", ct => campaigns.PauseAsync(TenantId, id, ct), cancellationToken);

    public Task<IActionResult> OnPostResumeAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, "resumed", ct => campaigns.ResumeAsync(TenantId, id, ct), cancellationToken);

    public Task<IActionResult> OnPostCancelAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, "cancelled", ct => campaigns.CancelAsync(TenantId, id, ct), cancellationToken);

    private async Task<IActionResult> ActAsync(long id, string done, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action(cancellationToken);
            TempData["message"] = $"Campaign {done}.";
            return RedirectToPage(new { id });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (InputRejectedException ex)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            Campaign = await campaigns.GetAsync(TenantId, id, cancellationToken);
            Progress = await progress.ReadAsync(TenantId, id, cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
