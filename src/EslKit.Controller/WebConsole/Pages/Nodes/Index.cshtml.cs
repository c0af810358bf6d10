using EslKit.Controller.Nodes;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EslKit.Controller.WebConsole.Pages.Nodes;

/// <summary>
/// The FreeSWITCH nodes (admin): ESL connection, readiness, the shared gateway's state, sessions against the
/// node's maximum, this instance's calls there, and attempts per second (every instance's, from call_logs).
/// </summary>
internal sealed class IndexModel(NodeRegistry registry, NodeRates rates) : PageModel
{
    public IReadOnlyList<FreeSwitchNode> Nodes { get; private set; } = [];

    public IReadOnlyDictionary<string, double> CallsPerSecond { get; private set; } = new Dictionary<string, double>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Nodes = registry.Nodes;
        CallsPerSecond = await rates.ReadAsync(cancellationToken);
    }
}
