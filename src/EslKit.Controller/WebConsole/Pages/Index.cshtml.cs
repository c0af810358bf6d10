using EslKit.Controller.Api.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages;

/// <summary>The home: the admin's tenants, a tenant's campaigns.</summary>
internal sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(User.IsInRole(ApiClaims.AdminRole) ? "/Tenants" : "/Campaigns");
}
