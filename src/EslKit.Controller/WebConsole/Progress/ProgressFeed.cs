using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using EslKit.Controller.Api.Authentication;
using EslKit.Controller.WebConsole.Authentication;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.WebConsole.Progress;

/// <summary>
/// The live progress feed (<c>GET /console-feed/campaigns/{id}</c>, Server-Sent Events): a <c>progress</c> event
/// with <see cref="LiveProgress"/> as JSON every <see cref="ConsoleOptions.ProgressIntervalMilliseconds"/>, while the
/// page is open; it ends after the event that says the campaign is finished. Console session, tenant role; the
/// tenant is the session's, so another tenant's campaign is 404 before the stream starts.
/// </summary>
internal static class ProgressFeed
{
    /// <summary>The feed's URL for a campaign.</summary>
    public static string PathOf(long campaignId) => $"/console-feed/campaigns/{campaignId}";

    /// <summary>Maps the feed.</summary>
    public static void MapProgressFeed(this WebApplication app) =>
        app.MapGet("/console-feed/campaigns/{campaignId:long}", async Task<IResult> (long campaignId, HttpContext context, LiveProgressReader reader, IOptions<ConsoleOptions> options, TimeProvider time, CancellationToken ct) =>
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

            var interval = TimeSpan.FromMilliseconds(options.Value.ProgressIntervalMilliseconds);
            return TypedResults.ServerSentEvents(StreamAsync(first, tenantId, campaignId, reader, interval, time, ct));
        }).RequireAuthorization(ConsoleDefaults.TenantPolicy).ExcludeFromDescription();

    private static async IAsyncEnumerable<SseItem<LiveProgress>> StreamAsync(
        LiveProgress first, long tenantId, long campaignId, LiveProgressReader reader, TimeSpan interval, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var progress = first;
        while (true)
        {
            yield return new SseItem<LiveProgress>(progress, "progress") { ReconnectionInterval = TimeSpan.FromSeconds(3) };
            if (progress.Finished)
            {
                yield break;
            }

            try
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
                progress = await reader.ReadAsync(tenantId, campaignId, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
