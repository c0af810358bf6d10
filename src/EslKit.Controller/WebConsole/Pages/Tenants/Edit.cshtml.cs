using EslKit.Controller.Api.Diagnostics;
using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages.Tenants;

/// <summary>
/// One tenant (admin): active and concurrency limit, a new API key, and a pro tenant's SIP settings — saved with
/// <see cref="PhoneConfigService.SaveAsync"/> (the API's validation). A refused value is named with the reason, never
/// echoed; the password field is always empty and says whether a password is set.
/// </summary>
internal sealed class EditModel(TenantService tenants, PhoneConfigService configs, ILogger<TenantService> log) : PageModel
{
    public Tenant Tenant { get; private set; } = null!;

    /// <summary>The SIP form (posted values, or the stored ones without the password).</summary>
    [BindProperty]
    public SipForm Sip { get; set; } = new();

    public bool HasSip { get; private set; }

    public bool HasPassword { get; private set; }

    public string? Message { get; private set; }

    public string? SettingsError { get; private set; }

    public string? SipError { get; private set; }

    /// <summary>A key just issued (shown once, on this response only).</summary>
    public string? IssuedKey { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, fillSip: true, cancellationToken))
        {
            return NotFound();
        }

        Message = TempData["message"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostSettingsAsync(long id, bool active, int concurrencyLimit, CancellationToken cancellationToken)
    {
        try
        {
            // The limit first, as the API does: it is the change that can be refused, so a refusal writes nothing.
            await tenants.SetConcurrencyLimitAsync(id, concurrencyLimit, cancellationToken);
            await tenants.SetActiveAsync(id, active, cancellationToken);
            ApiLog.AdminAction(log, "tenant changed (console)", id);
            TempData["message"] = "Settings saved.";
            return RedirectToPage(new { id });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (InputRejectedException ex)
        {
            SettingsError = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(id, fillSip: true, cancellationToken) ? Page() : NotFound();
        }
    }

    public async Task<IActionResult> OnPostIssueKeyAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            IssuedKey = await tenants.IssueApiKeyAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return await LoadAsync(id, fillSip: true, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostSipAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            await tenants.GetAsync(id, cancellationToken);
            string? stored = string.IsNullOrEmpty(Sip.SipPassword) ? (await configs.FindAsync(id, cancellationToken))?.SipPassword : null;
            await configs.SaveAsync(id, Sip.ToPhoneConfig(stored), cancellationToken);
            ApiLog.AdminAction(log, "SIP settings saved (console)", id);
            TempData["message"] = "SIP settings saved.";
            return RedirectToPage(new { id });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (InputRejectedException ex)
        {
            // The message names the field and the reason only; the posted password is dropped, never re-rendered.
            SipError = ex.Message;
            Sip.SipPassword = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(id, fillSip: false, cancellationToken) ? Page() : NotFound();
        }
    }

    public async Task<IActionResult> OnPostRemoveSipAsync(long id, CancellationToken cancellationToken)
    {
        if (await tenants.FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        if (await configs.DeleteAsync(id, cancellationToken))
        {
            ApiLog.AdminAction(log, "SIP settings removed (console)", id);
        }

        TempData["message"] = "SIP settings removed.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id, bool fillSip, CancellationToken cancellationToken)
    {
        if (await tenants.FindAsync(id, cancellationToken) is not { } tenant)
        {
            return false;
        }

        Tenant = tenant;
        var config = await configs.FindAsync(id, cancellationToken);
        HasSip = config is not null;
        HasPassword = !string.IsNullOrEmpty(config?.SipPassword);
        if (fillSip)
        {
            Sip = SipForm.From(config);
        }

        return true;
    }
}
