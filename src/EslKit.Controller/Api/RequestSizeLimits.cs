using EslKit.Controller.Api.Campaigns;
using EslKit.Controller.Api.Diagnostics;
using EslKit.Controller.Api.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Api;

/// <summary>
/// Holds API request bodies to <see cref="ApiOptions.MaxRequestBytes"/> (uploads: <see cref="ApiOptions.MaxUploadBytes"/>):
/// a declared Content-Length over the limit gets a 413 problem before anything is read, and Kestrel's own limit is set
/// to the same value so a chunked body is cut at it (minimal APIs then answer 413 too).
/// </summary>
internal sealed class RequestSizeLimits(RequestDelegate next, IOptions<ApiOptions> options, ILogger<RequestSizeLimits> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        long limit = endpoint?.Metadata.GetMetadata<UploadEndpoint>() is null ? options.Value.MaxRequestBytes : options.Value.MaxUploadBytes;
        if (context.Request.ContentLength > limit)
        {
            ApiLog.BodyRefused(logger, context.Request.Method, (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "?", "larger than allowed");
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Type = ProblemTypes.TooLarge,
                Title = "Request too large",
                Detail = $"The body may be at most {limit} bytes here.",
            };
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
            {
                await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context).ConfigureAwait(false);
    }
}
