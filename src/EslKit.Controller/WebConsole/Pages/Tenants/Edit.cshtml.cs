using EslKit.Controller.Api.Diagnostics;
using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages.Tenants;

/// <summary>
/// One tenant (admin): account type, active, concurrency limit and rate — changed with <see cref="TenantService.UpdateAsync"/>
/// (the API's PATCH and its rules) —, a new API key, and a pro tenant's SIP settings — saved with
/// <see cref="PhoneConfigService.SaveAsync"/> (the API's validation). A refused value is named next to its field with the
/// reason, never echoed; the password field is always empty and says whether a password is set.
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

    /// <summary>Why a setting was refused, by field (accountType, concurrencyLimit, pricePerMinute, active): the reason, never the value.</summary>
    public Dictionary<string, string> SettingsErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>The settings form's values after a refusal (what was posted); a null value shows the stored one.</summary>
    public TenantChanges Shown { get; private set; } = new();

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

    public async Task<IActionResult> OnPostSettingsAsync(long id, bool active, string? accountType, int? concurrencyLimit, decimal? pricePerMinute, CancellationToken cancellationToken)
    {
        // A value the form could not read is refused by name; the framework's own message would repeat the value.
        foreach (string field in new[] { "accountType", "concurrencyLimit", "pricePerMinute" })
        {
            if (ModelState.TryGetValue(field, out var entry) && entry.ValidationState == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            {
                SettingsErrors[field] = new InputRejectedException(field, InputError.InvalidFormat).Message;
            }
        }

        try
        {
            if (SettingsErrors.Count == 0)
            {
                // The API's PATCH: every change checked (the limit against the account type it will have) before any is written.
                var changes = new Api.Tenants.UpdateTenantRequest(active, concurrencyLimit, string.IsNullOrEmpty(accountType) ? null : accountType, pricePerMinute).ToChanges();
                await tenants.UpdateAsync(id, changes, cancellationToken);
                ApiLog.AdminAction(log, "tenant changed (console)", id);
                TempData["message"] = "Settings saved.";
                return RedirectToPage(new { id });
            }
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (InputRejectedException ex)
        {
            SettingsErrors[ex.Field] = ex.Message;
        }

        // The form shows what was posted (typed values only: text that could not be read is not put back).
        Shown = new TenantChanges(
            accountType switch { "trial" => AccountType.Trial, "pro" => AccountType.Pro, _ => null },
            active,
            concurrencyLimit,
            pricePerMinute);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await LoadAsync(id, fillSip: true, cancellationToken) ? Page() : NotFound();
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
