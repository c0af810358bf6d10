using EslKit.Controller.Api.Authentication;
using EslKit.Controller.WebConsole.Authentication;
using EslKit.Controller.WebConsole.Calls;
using EslKit.Controller.WebConsole.Charts;
using EslKit.Controller.WebConsole.NodeStatus;
using EslKit.Controller.WebConsole.Progress;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using EslKit.Controller.Demo;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;

namespace EslKit.Controller.WebConsole;

/// <summary>
/// Wires the web console (docs/console.md) into the controller's host, beside the HTTP API: Razor Pages rendered on
/// the server under <c>/</c>, a cookie session opened with an API key (HttpOnly, SameSite=Strict, Secure over TLS),
/// antiforgery on every form, the live feeds (Server-Sent Events: a campaign's progress, the nodes), the CSV export and
/// the console's assets.
/// Pages use the same services and rules as the API: the tenant always comes from the session, never from the URL.
/// </summary>
internal static class ConsoleExtensions
{
    /// <summary>Registers the console. <paramref name="localDataDirectory"/> (the embedded cluster's folder) keeps its cookie keys when none is configured.</summary>
    public static IServiceCollection AddControllerConsole(this IServiceCollection services, IConfiguration configuration, string? localDataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ConsoleOptions.Section);
        services.AddOptions<ConsoleOptions>().Bind(section)
            .Validate(o => o.SessionMinutes is >= 1 and <= 7 * 24 * 60, "Console:SessionMinutes must be 1-10080.")
            .Validate(o => o.ProgressIntervalMilliseconds is >= 100 and <= 60_000, "Console:ProgressIntervalMilliseconds must be 100-60000.")
            .Validate(o => o.CallLogPageSize is >= 1 and <= 1000, "Console:CallLogPageSize must be 1-1000.")
            .ValidateOnStart();
        var options = section.Get<ConsoleOptions>() ?? new ConsoleOptions();

        // The keys that protect the session and antiforgery cookies.
        var protection = services.AddDataProtection().SetApplicationName("eslkit-controller-console");
        string? keys = options.KeysDirectory ?? (localDataDirectory is null ? null : Path.Combine(localDataDirectory, "console-keys"));
        if (keys is not null)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }
        else
        {
            protection.UseEphemeralDataProtectionProvider();
        }

        services.AddSingleton<ConsoleSignIn>();
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<SignOutBroadcast>();
        services.AddHostedService(provider => provider.GetRequiredService<SignOutBroadcast>());
        services.AddSingleton<LiveProgressReader>();
        services.AddSingleton<TranscriptReader>();
        services.AddSingleton<ChartQueries>();
        services.AddSingleton<NodeRates>();
        services.AddSingleton<NodeRows>();

        new AuthenticationBuilder(services).AddCookie(ConsoleDefaults.Scheme, cookie =>
        {
            cookie.Cookie.Name = ConsoleDefaults.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(options.SessionMinutes);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = ConsoleDefaults.SignInPath;
            cookie.Events = new CookieAuthenticationEvents
            {
                // Every request: the key that opened the session must still open it.
                OnValidatePrincipal = async context =>
                {
                    var signIn = context.HttpContext.RequestServices.GetRequiredService<ConsoleSignIn>();
                    if (context.Principal is null || !await signIn.IsStillValidAsync(context.Principal, context.HttpContext.RequestAborted).ConfigureAwait(false))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(ConsoleDefaults.Scheme).ConfigureAwait(false);
                    }
                },

                // A signed-in user on a page of the other role: 403, not a redirect.
                OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return context.Response.WriteAsync("403 Forbidden: this page is not for your key.", context.HttpContext.RequestAborted);
                },

                // The feed and the export answer 401 instead of redirecting to the sign-in page.
                OnRedirectToLogin = context =>
                {
                    if (IsEndpointWithoutPage(context.Request.Path))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }

                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                },
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(ConsoleDefaults.AdminPolicy, p => p.AddAuthenticationSchemes(ConsoleDefaults.Scheme).RequireRole(ApiClaims.AdminRole))
            .AddPolicy(ConsoleDefaults.TenantPolicy, p => p.AddAuthenticationSchemes(ConsoleDefaults.Scheme).RequireRole(ApiClaims.TenantRole).RequireClaim(ApiClaims.TenantId))
            .AddPolicy(ConsoleDefaults.SignedInPolicy, p => p.AddAuthenticationSchemes(ConsoleDefaults.Scheme).RequireAuthenticatedUser());

        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = ConsoleDefaults.AntiforgeryCookieName;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        // The one-time messages after a redirect ("Settings saved.") ride in a cookie too.
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(tempData =>
        {
            tempData.Cookie.Name = ConsoleDefaults.MessageCookieName;
            tempData.Cookie.HttpOnly = true;
            tempData.Cookie.SameSite = SameSiteMode.Strict;
            tempData.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/WebConsole/Pages";
            pages.Conventions.AuthorizeFolder("/", ConsoleDefaults.SignedInPolicy);
            pages.Conventions.AllowAnonymousToPage("/SignIn");
            pages.Conventions.AuthorizeFolder("/Tenants", ConsoleDefaults.AdminPolicy);
            pages.Conventions.AuthorizeFolder("/Nodes", ConsoleDefaults.AdminPolicy);
            pages.Conventions.AuthorizeFolder("/Campaigns", ConsoleDefaults.TenantPolicy);
            pages.Conventions.AuthorizeFolder("/Calls", ConsoleDefaults.TenantPolicy);
            pages.Conventions.AuthorizeFolder("/Charts", ConsoleDefaults.TenantPolicy);
            pages.Conventions.AuthorizeFolder("/Dnc", ConsoleDefaults.TenantPolicy);

            // Every form held to the upload limit before antiforgery reads it; a post that names no handler is 404.
            pages.Conventions.ConfigureFilter(new TypeFilterAttribute(typeof(ConsolePostLimits)) { Order = 900 });
            pages.Conventions.ConfigureFilter(new ConsolePostHandlers());
        });
        return services;
    }

    /// <summary>For <c>./run.sh --serve</c>: the console's URL after the API's announcement (registered after it).</summary>
    public static IServiceCollection AddConsoleServeAnnouncement(this IServiceCollection services) =>
        services.AddSingleton<IServeAnnouncement, ConsoleServeAnnouncement>();

    /// <summary>Maps the console's pages, feeds, export and assets, with its security headers.</summary>
    public static WebApplication MapControllerConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(context => IsConsolePath(context.Request.Path), console => console.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!context.Request.Path.StartsWithSegments("/console-assets", StringComparison.OrdinalIgnoreCase))
            {
                headers.CacheControl = "no-store";
            }

            await next(context).ConfigureAwait(false);
        }));

        app.MapRazorPages();
        app.MapConsoleAssets();
        app.MapProgressFeed();
        app.MapNodesFeed();
        app.MapCallLogExport();
        return app;
    }

    // Everything but the API and its companions is the console's.
    private static bool IsConsolePath(PathString path) =>
        !path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/reference", StringComparison.OrdinalIgnoreCase);

    private static bool IsEndpointWithoutPage(PathString path) =>
        path.StartsWithSegments("/console-feed", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/console-export", StringComparison.OrdinalIgnoreCase);
}
