using EslKit.Controller.Api.Diagnostics;

namespace EslKit.Controller.Api.Problems;

/// <summary>
/// Turns the application services' typed errors into problem details for every endpoint of a group: refused input
/// (field and reason, never the value) and "not found" (also for another tenant's object). Anything else is left
/// to the exception handler (500, no details).
/// </summary>
internal sealed class ServiceErrorFilter(ILogger<ServiceErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (InputRejectedException ex)
        {
            ApiLog.InputRejected(logger, context.HttpContext.Request.Method, RouteOf(context.HttpContext), ex.Field, ex.Error.ToString());
            return ApiProblems.From(ex);
        }
        catch (NotFoundException ex)
        {
            ApiLog.NotFound(logger, context.HttpContext.Request.Method, RouteOf(context.HttpContext), ex.Kind, ex.Id);
            return ApiProblems.NotFound(ex);
        }
    }

    // The route template, not the path: a path could carry anything a caller typed.
    private static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "?";
}
