namespace EslKit.Controller.Nodes;

/// <summary>
/// Picks the nodes new calls go to: ready ones (connected, events requested, figures read) with headroom, the
/// most headroom first (ties by name, so the choice is stable). A node lost mid-campaign is not ready and gets
/// no new calls; trial calls need the node's shared gateway registered.
/// </summary>
internal sealed class NodeChooser(NodeRegistry registry)
{
    /// <summary>The nodes that may take a call now, best first.</summary>
    public IReadOnlyList<FreeSwitchNode> Rank()
    {
        var ready = new List<(FreeSwitchNode Node, int Headroom)>();
        foreach (var node in registry.Nodes)
        {
            int headroom = node.Headroom;
            if (node.IsReady && headroom > 0)
            {
                ready.Add((node, headroom));
            }
        }

        ready.Sort((a, b) => a.Headroom != b.Headroom ? b.Headroom.CompareTo(a.Headroom) : string.CompareOrdinal(a.Node.Name, b.Node.Name));
        return [.. ready.Select(r => r.Node)];
    }

    /// <summary>The best node for a call, or null when none may take it.</summary>
    /// <param name="needsGateway">A trial call (through the shared gateway).</param>
    public FreeSwitchNode? Choose(bool needsGateway) => Rank().FirstOrDefault(n => !needsGateway || n.GatewayUsable);
}
