namespace EslKit.Controller.Nodes;

/// <summary>The configured FreeSWITCH nodes, in configuration order.</summary>
internal sealed class NodeRegistry(IReadOnlyList<FreeSwitchNode> nodes)
{
    private readonly Dictionary<string, FreeSwitchNode> _byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);

    /// <summary>Every node.</summary>
    public IReadOnlyList<FreeSwitchNode> Nodes { get; } = nodes;

    /// <summary>The node of that name, or null.</summary>
    public FreeSwitchNode? Find(string? name) => name is null ? null : _byName.GetValueOrDefault(name);

    /// <summary>The node this instance placed the attempt on, or null (not placed here, or already ended).</summary>
    public FreeSwitchNode? NodeOf(Guid callId, int attempt)
    {
        foreach (var node in Nodes)
        {
            if (node.HasCall(callId, attempt))
            {
                return node;
            }
        }

        return null;
    }
}
