using EslKit.Controller.WebConsole.Authentication;
using EslKit.Controller.WebConsole.Feeds;

namespace EslKit.Controller.WebConsole.NodeStatus;

/// <summary>
/// The Nodes page's live feed (<c>GET /console-feed/nodes</c>, Server-Sent Events, admin only): a <c>nodes</c> event
/// with <see cref="NodesSnapshot"/> as JSON every <see cref="ConsoleOptions.ProgressIntervalMilliseconds"/>, for as long
/// as the page is open and its session lasts (<see cref="ConsoleFeed"/>).
/// </summary>
internal static class NodesFeed
{
    /// <summary>The feed's URL.</summary>
    public const string Path = "/console-feed/nodes";

    /// <summary>Maps the feed.</summary>
    public static void MapNodesFeed(this WebApplication app) =>
        app.MapGet(Path, async Task<IResult> (HttpContext context, NodeRows rows, CancellationToken ct) =>
        {
            var first = new NodesSnapshot(await rows.ReadAsync(ct));
            return await ConsoleFeed.ServeAsync(context, first, async token => new NodesSnapshot(await rows.ReadAsync(token)), _ => false, "nodes");
        }).RequireAuthorization(ConsoleDefaults.AdminPolicy).ExcludeFromDescription();
}
