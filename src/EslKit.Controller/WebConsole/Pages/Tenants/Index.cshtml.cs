using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages.Tenants;

/// <summary>The admin's tenants: the list, and the form that creates one (<see cref="TenantService.CreateAsync"/>, the API's rules).</summary>
internal sealed class IndexModel(TenantService tenants, ILogger<TenantService> log) : PageModel
{
    /// <summary>Every tenant.</summary>
    public IReadOnlyList<Tenant> Tenants { get; private set; } = [];

    /// <summary>The create form.</summary>
    [BindProperty]
    public TenantForm Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken) => Tenants = await tenants.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var tenant = await tenants.CreateAsync(Input.ToNewTenant(), cancellationToken);
                Api.Diagnostics.ApiLog.AdminAction(log, "tenant created (console)", tenant.Id);
                return LocalRedirect($"/Tenants/{tenant.Id}");
            }
            catch (InputRejectedException ex)
            {
                ModelState.AddModelError(string.Empty, ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        Tenants = await tenants.ListAsync(cancellationToken);
        return Page();
    }
}
