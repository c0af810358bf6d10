namespace EslKit.Controller.WebConsole.Authentication;

/// <summary>The console's authentication scheme, cookie and policies.</summary>
internal static class ConsoleDefaults
{
    /// <summary>The cookie scheme of console sessions.</summary>
    public const string Scheme = "EslKitConsole";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "eslkit_console";

    /// <summary>The antiforgery cookie's name.</summary>
    public const string AntiforgeryCookieName = "eslkit_console_af";

    /// <summary>The cookie of one-time messages shown after a redirect.</summary>
    public const string MessageCookieName = "eslkit_console_msg";

    /// <summary>Signed in with the admin key.</summary>
    public const string AdminPolicy = "eslkit-console-admin";

    /// <summary>Signed in with a tenant's key.</summary>
    public const string TenantPolicy = "eslkit-console-tenant";

    /// <summary>Signed in at all.</summary>
    public const string SignedInPolicy = "eslkit-console-signed-in";

    /// <summary>The claim that ties a session to the key it was opened with (a tenant key's public prefix, the admin key's fingerprint).</summary>
    public const string KeyCheck = "eslkit:key_check";

    /// <summary>The claim that names the session (<see cref="ConsoleSessions"/>), so signing out can end it and its feeds.</summary>
    public const string SessionId = "eslkit:session";

    /// <summary>The sign-in page.</summary>
    public const string SignInPath = "/sign-in";
}
