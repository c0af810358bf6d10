using System.Diagnostics.Metrics;
using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Api.CallLogs;
using EslKit.Controller.Api.Campaigns;
using EslKit.Controller.Api.Diagnostics;
using EslKit.Controller.Api.DoNotCall;
using EslKit.Controller.Api.Health;
using EslKit.Controller.Api.OpenApi;
using EslKit.Controller.Api.Problems;
using EslKit.Controller.Api.RateLimiting;
using EslKit.Controller.Api.Tenants;
using EslKit.Controller.Calls;
using EslKit.Controller.Demo;
using EslKit.Controller.Diagnostics;
using EslKit.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Scalar.AspNetCore;

namespace EslKit.Controller.Api;

/// <summary>
/// Wires the HTTP API into the controller's host: <see cref="AddControllerApiAsync"/> before <c>Build()</c>,
/// <see cref="MapControllerApi"/> after. Minimal APIs grouped per feature (admin, campaigns, DNC, call logs), API key
/// authentication, per-key rate limits, problem details, health, Prometheus metrics, OpenAPI and its reference page.
/// </summary>
internal static class ControllerApiExtensions
{
    /// <summary>
    /// The Meters /metrics exports: EslKit's ESL metrics, the controller's, ASP.NET Core's HTTP ones, and the .NET
    /// runtime's (GC, allocated bytes, thread pool: what the controller-load benchmark reads allocations per call from).
    /// </summary>
    public static readonly string[] ExportedMeters =
    [
        EslDiagnostics.Name,
        ControllerDiagnostics.Name,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Runtime",
    ];

    /// <summary>
    /// Adds the API. With <paramref name="localDataDirectory"/> (the embedded cluster's folder) and no admin key
    /// configured, an admin key is generated there (see <see cref="LocalAdminKey"/>). Kestrel listens on
    /// <see cref="ApiOptions.DefaultUrl"/> (loopback) unless <c>urls</c> or <c>Kestrel:Endpoints</c> say otherwise.
    /// </summary>
    public static async Task AddControllerApiAsync(this WebApplicationBuilder builder, string? localDataDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (localDataDirectory is not null
            && string.IsNullOrEmpty(configuration[$"{ApiOptions.Section}:{nameof(ApiOptions.AdminKey)}"])
            && string.IsNullOrEmpty(configuration[$"{ApiOptions.Section}:{nameof(ApiOptions.AdminKeySha256)}"]))
        {
            string key = await LocalAdminKey.LoadOrCreateAsync(localDataDirectory, cancellationToken).ConfigureAwait(false);
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{ApiOptions.Section}:{nameof(ApiOptions.AdminKey)}"] = key });
            builder.Services.AddSingleton(new GeneratedAdminKey(Path.Combine(localDataDirectory, LocalAdminKey.FileName)));
        }

        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]) && !configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            builder.WebHost.UseUrls(ApiOptions.DefaultUrl);
        }

        builder.Services.AddControllerApi(configuration);
    }

    /// <summary>Registers the API's services and options (validated at start).</summary>
    public static IServiceCollection AddControllerApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section))
            .Validate(o => string.IsNullOrEmpty(o.AdminKey) || string.IsNullOrEmpty(o.AdminKeySha256), "Set one of Api:AdminKey and Api:AdminKeySha256, not both.")
            .Validate(o => string.IsNullOrEmpty(o.AdminKey) || o.AdminKey.Length is >= 32 and <= 256, "Api:AdminKey must be 32-256 characters (e.g. openssl rand -base64 32).")
            .Validate(o => string.IsNullOrEmpty(o.AdminKeySha256) || (o.AdminKeySha256.Length == 64 && o.AdminKeySha256.All(char.IsAsciiHexDigit)), "Api:AdminKeySha256 must be 64 hex digits (the SHA-256 of the key).")
            .Validate(o => o.MaxRequestBytes is >= 1024 and <= 1L << 30, "Api:MaxRequestBytes must be 1024 to 1073741824.")
            .Validate(o => o.MaxUploadBytes is >= 1024 and <= 1L << 31, "Api:MaxUploadBytes must be 1024 to 2147483648.")
            .Validate(o => o.MaxPageSize is >= 1 and <= 100_000, "Api:MaxPageSize must be 1-100000.")
            .Validate(o => o.ActiveCallsSampleSeconds is >= 0.1 and <= 3600, "Api:ActiveCallsSampleSeconds must be 0.1-3600.")
            .Validate(o => o.RateLimit.TokenLimit >= 1 && o.RateLimit.TokensPerPeriod >= 1, "Api:RateLimit:TokenLimit and Api:RateLimit:TokensPerPeriod must be at least 1.")
            .Validate(o => o.RateLimit.PeriodSeconds is > 0 and <= 3600, "Api:RateLimit:PeriodSeconds must be more than 0 and at most 3600.")
            .ValidateOnStart();

        services.AddSingleton<AdminKeyVerifier>();
        services.AddSingleton<CallLogSearch>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = FrameworkProblems.Describe);

        // Binding failures (malformed JSON, a wrong type in the query) answer 400 and the status-code pages turn
        // that into a problem, in every environment (Development would otherwise throw).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.Configure<JsonOptions>(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);

        // The authentication core without AddAuthentication's data protection: API keys need no cookies or tokens,
        // so nothing writes a key ring at start (a cookie-based console adds it, with its own key storage).
        services.AddAuthenticationCore(o => o.DefaultScheme = ApiKeyDefaults.Scheme);
        services.AddWebEncoders();
        new AuthenticationBuilder(services).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.AdminPolicy, p => p.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireRole(ApiClaims.AdminRole))
            .AddPolicy(ApiKeyDefaults.TenantPolicy, p => p.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireRole(ApiClaims.TenantRole).RequireClaim(ApiClaims.TenantId));
        services.AddApiRateLimiting();

        services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeySecurityTransformer>());
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready])
            .AddCheck<NodesHealthCheck>("nodes", tags: [HealthTags.Ready]);
        services.AddSingleton<ActiveCallsSampler>();
        services.AddHostedService(provider => provider.GetRequiredService<ActiveCallsSampler>());
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("eslkit-controller"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ExportedMeters).AddPrometheusExporter();
                ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) => builder.AddView(OnlyThisHostsMeters(provider.GetRequiredService<IMeterFactory>())));
            });
        services.AddHostedService<ApiAnnouncement>();
        return services;
    }

    // A meter provider listens to every meter of a name in the process, and OpenTelemetry merges instruments of the same
    // name into one stream, which ends when any of them is disposed. So another host in the process (tests run several)
    // stopping would silently end this host's ASP.NET Core and per-tenant series: take only the process's own meters
    // (no scope) and this host's (made by its IMeterFactory).
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHostsMeters(IMeterFactory factory) =>
        instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, factory) ? null : MetricStreamConfiguration.Drop;

    /// <summary>
    /// For the demo (<c>./run.sh</c>): the API's URL and admin key are printed after the demo's display, and only with
    /// <c>--serve</c> (<see cref="ApiServeAnnouncement"/>), not when the server starts.
    /// </summary>
    public static IServiceCollection AddApiServeAnnouncement(this IServiceCollection services)
    {
        services.AddSingleton<ApiServeAnnouncement>();
        services.AddSingleton<IServeAnnouncement>(provider => provider.GetRequiredService<ApiServeAnnouncement>());
        return services;
    }

    /// <summary>Adds the API's middleware and maps its endpoints.</summary>
    public static WebApplication MapControllerApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            api => api.UseStatusCodePages().UseMiddleware<RequestSizeLimits>());
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        var api = app.MapGroup("/api")
            .AddEndpointFilter<ServiceErrorFilter>()
            .RequireRateLimiting(ApiRateLimiting.Policy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapAdminApi();
        api.MapSelfApi();
        api.MapCampaignsApi();
        api.MapDoNotCallApi();
        api.MapCallLogsApi();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready), ResponseWriter = HealthResponse.WriteAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi();
        app.MapScalarApiReference("/reference", options => options
            .WithTitle("EslKit controller API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .AddPreferredSecuritySchemes("ApiKey"));
        return app;
    }
}
