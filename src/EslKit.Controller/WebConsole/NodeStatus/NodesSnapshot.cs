namespace EslKit.Controller.WebConsole.NodeStatus;

/// <summary>What the Nodes feed sends each interval (a <c>nodes</c> event, as JSON).</summary>
/// <param name="Nodes">Every configured node.</param>
internal sealed record NodesSnapshot(IReadOnlyList<NodeRow> Nodes);
