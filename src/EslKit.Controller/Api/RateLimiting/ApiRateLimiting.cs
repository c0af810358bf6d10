using System.Globalization;
using System.Threading.RateLimiting;
using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Api.Diagnostics;
using EslKit.Controller.Api.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Api.RateLimiting;

/// <summary>
/// The per-key rate limit: a token bucket per API key owner (<c>admin</c>, <c>tenant:&lt;id&gt;</c>), or per client
/// address for requests without a valid key; when it is empty the request gets a 429 problem with Retry-After.
/// It runs after authentication (so it knows the key) and before authorization (so floods of bad keys are limited too).
/// </summary>
internal static class ApiRateLimiting
{
    /// <summary>The policy the API's groups require.</summary>
    public const string Policy = "eslkit-per-key";

    /// <summary>Registers the policy, reading <see cref="ApiOptions.RateLimit"/>.</summary>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiOptions>>((options, api) =>
        {
            var limits = api.Value.RateLimit;
            var bucket = new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.TokenLimit,
                TokensPerPeriod = limits.TokensPerPeriod,
                ReplenishmentPeriod = TimeSpan.FromSeconds(limits.PeriodSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, context => RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ => bucket));
            options.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>Who a request counts against: the key's owner, or the client address for anonymous requests.</summary>
    internal static string PartitionOf(HttpContext context) =>
        context.User.FindFirst(ApiClaims.KeyOwner)?.Value
        ?? "anonymous:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        int seconds = 1;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter))
        {
            seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        }

        string owner = PartitionOf(context);
        string kind = owner.StartsWith("tenant:", StringComparison.Ordinal) ? "tenant" : owner == "admin" ? "admin" : "anonymous";
        ApiDiagnostics.RateLimited.Add(1, new KeyValuePair<string, object?>("owner", kind));
        ApiLog.RateLimited(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiRateLimiting)), kind == "anonymous" ? "anonymous" : owner);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Type = ProblemTypes.RateLimited,
            Title = "Too many requests",
            Detail = $"This key's request budget is spent; retry after {seconds} s.",
        };
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken).ConfigureAwait(false);
        }
    }
}
