using EslKit.Controller.WebConsole.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages;

/// <summary>The sign-in page: an API key opens a session (the key is checked as the API checks it and never kept or shown again).</summary>
internal sealed class SignInModel(ConsoleSignIn signIn) : PageModel
{
    /// <summary>Where to go once signed in (a local path only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync([FromForm] string? key, CancellationToken cancellationToken)
    {
        var principal = await signIn.AuthenticateAsync(key, cancellationToken);
        if (principal is null)
        {
            Error = "That key is not valid (or its tenant is inactive).";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(ConsoleDefaults.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
