using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Api.CallLogs;
using EslKit.Controller.Calls;
using EslKit.Controller.WebConsole.Authentication;

namespace EslKit.Controller.WebConsole.Calls;

/// <summary>
/// The call-log page's CSV export (<c>GET /console-export/call-logs</c>, the page's filters): the API's CSV
/// (<see cref="CallLogCsv"/>) of the session's tenant, streamed.
/// </summary>
internal static class CallLogExport
{
    /// <summary>The export's path.</summary>
    public const string Path = "/console-export/call-logs";

    /// <summary>Maps the export.</summary>
    public static void MapCallLogExport(this WebApplication app) =>
        app.MapGet(Path, async Task<IResult> ([AsParameters] ConsoleCallLogFilter query, HttpContext context, CallLogSearch search, CancellationToken ct) =>
        {
            CallLogFilter filter;
            try
            {
                filter = query.ToFilter();
            }
            catch (InputRejectedException ex)
            {
                return Results.BadRequest(ex.Message);
            }

            long tenantId = context.User.FindTenantId()!.Value;
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"call-logs.csv\"";
            await CallLogCsv.WriteAsync(context.Response.Body, search.StreamAsync(tenantId, filter, ct), ct);
            return Results.Empty;
        }).RequireAuthorization(ConsoleDefaults.TenantPolicy).ExcludeFromDescription();
}
