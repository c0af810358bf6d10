using EslKit.Controller.WebConsole.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages;

/// <summary>
/// Ends the session (POST with the antiforgery token, from the header's button): the cookie is removed, and the session
/// is ended on the server too, on every instance (<see cref="SignOutBroadcast"/>), so its cookie is refused if replayed
/// and its open live feeds stop at once.
/// </summary>
[AllowAnonymous]
internal sealed class SignOutModel(SignOutBroadcast signOuts) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var current = await HttpContext.AuthenticateAsync(ConsoleDefaults.Scheme);
        if (current.Principal?.FindFirst(ConsoleDefaults.SessionId)?.Value is { } session)
        {
            await signOuts.SignOutAsync(session, cancellationToken);
        }

        await HttpContext.SignOutAsync(ConsoleDefaults.Scheme);
        return LocalRedirect(ConsoleDefaults.SignInPath);
    }
}
