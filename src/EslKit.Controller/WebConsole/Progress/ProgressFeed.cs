using EslKit.Controller.Api.Authentication;
using EslKit.Controller.WebConsole.Authentication;
using EslKit.Controller.WebConsole.Feeds;

namespace EslKit.Controller.WebConsole.Progress;

/// <summary>
/// The live progress feed (<c>GET /console-feed/campaigns/{id}</c>, Server-Sent Events): a <c>progress</c> event
/// with <see cref="LiveProgress"/> as JSON every <see cref="ConsoleOptions.ProgressIntervalMilliseconds"/>, while the
/// page is open and its session lasts (<see cref="ConsoleFeed"/>); it ends after the event that says the campaign is
/// finished. Console session, tenant role; the tenant is the session's, so another tenant's campaign is 404 before
/// the stream starts.
/// </summary>
internal static class ProgressFeed
{
    /// <summary>The feed's URL for a campaign.</summary>
    public static string PathOf(long campaignId) => $"/console-feed/campaigns/{campaignId}";

    /// <summary>Maps the feed.</summary>
    public static void MapProgressFeed(this WebApplication app) =>
        app.MapGet("/console-feed/campaigns/{campaignId:long}", async Task<IResult> (long campaignId, HttpContext context, LiveProgressReader reader, CancellationToken ct) =>
        {
            long tenantId = context.User.FindTenantId()!.Value;
            LiveProgress first;
            try
            {
                first = await reader.ReadAsync(tenantId, campaignId, ct);
            }
            catch (NotFoundException)
            {
                return Results.NotFound();
            }

            return await ConsoleFeed.ServeAsync(context, first, token => reader.ReadAsync(tenantId, campaignId, token), p => p.Finished, "progress");
        }).RequireAuthorization(ConsoleDefaults.TenantPolicy).ExcludeFromDescription();
}
