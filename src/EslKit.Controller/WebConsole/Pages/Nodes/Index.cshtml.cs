using EslKit.Controller.WebConsole.NodeStatus;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages.Nodes;

/// <summary>
/// The FreeSWITCH nodes (admin): ESL connection, readiness, the shared gateway's state, sessions against the
/// node's maximum, this instance's calls there, and attempts per second (every instance's, from call_logs). The page
/// renders them; its feed (<see cref="NodesFeed"/>) keeps them current without a reload.
/// </summary>
internal sealed class IndexModel(NodeRows rows) : PageModel
{
    public IReadOnlyList<NodeRow> Nodes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Nodes = await rows.ReadAsync(cancellationToken);
}
