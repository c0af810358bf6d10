using EslKit.Controller.Api.Authentication;
using EslKit.Controller.Api.Problems;
using EslKit.Controller.Calls;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Api.CallLogs;

/// <summary>
/// The caller's call logs (<c>/api/call-logs</c>): filtered pages (keyset paging, newest first), one attempt, and a
/// streamed CSV export. Every query is scoped to the caller's tenant.
/// </summary>
internal static class CallLogsApi
{
    /// <summary>Maps the call-log endpoints under <paramref name="tenantApi"/>.</summary>
    public static RouteGroupBuilder MapCallLogsApi(this RouteGroupBuilder tenantApi)
    {
        var logs = tenantApi.MapGroup("/call-logs").RequireAuthorization(ApiKeyDefaults.TenantPolicy).WithTags("Call logs");

        logs.MapGet("/", async Task<Ok<CallLogPageResponse>> ([AsParameters] CallLogQuery query, CurrentTenant tenant, CallLogSearch search, IOptions<ApiOptions> options, CancellationToken ct) =>
        {
            var filter = query.ToFilter();
            int limit = query.PageSize(options.Value.MaxPageSize);
            var after = query.Cursor is null ? null : CallLogCursor.Decode(query.Cursor, "cursor");
            var page = await search.PageAsync(tenant.Id, filter, after, limit, ct);
            return TypedResults.Ok(new CallLogPageResponse([.. page.Items.Select(CallLogResponse.From)], page.Next?.Encode()));
        }).WithName("ListCallLogs").WithSummary("A page of call logs, newest first; follow nextCursor for the next.");

        logs.MapGet("/export", async Task<EmptyHttpResult> ([AsParameters] CallLogQuery query, CurrentTenant tenant, CallLogSearch search, HttpResponse response, CancellationToken ct) =>
        {
            var filter = query.ToFilter(); // refused before anything is written
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = "attachment; filename=\"call-logs.csv\"";
            await CallLogCsv.WriteAsync(response.Body, search.StreamAsync(tenant.Id, filter, ct), ct);
            return TypedResults.Empty;
        }).WithName("ExportCallLogs").WithSummary("Every matching call log as CSV (streamed; same filters, no paging).")
          .Produces<string>(StatusCodes.Status200OK, "text/csv");

        logs.MapGet("/{callId:guid}/{attempt:int}", async Task<Results<Ok<CallLogResponse>, ProblemHttpResult>> (Guid callId, int attempt, CurrentTenant tenant, CallLogSearch search, CancellationToken ct) =>
            await search.GetAsync(tenant.Id, callId, attempt, ct) is { } log
                ? TypedResults.Ok(CallLogResponse.From(log))
                : ApiProblems.NotFound("Call attempt", $"{callId:D}/{attempt}"))
            .WithName("GetCallLog").WithSummary("One call attempt's log.");

        return logs;
    }
}
