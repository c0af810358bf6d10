using System.Globalization;
using EslKit.Commands;

namespace EslKit.Controller.Nodes;

/// <summary>The configured nodes (configuration list <c>Nodes</c>), validated at start with messages that name the key.</summary>
internal sealed class NodeSetOptions
{
    /// <summary>The nodes, in configuration order.</summary>
    public List<NodeOptions> Nodes { get; set; } = [];

    /// <summary>What is wrong with the list, one message per problem (empty when valid). Never shows the password.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Nodes.Count; i++)
        {
            var node = Nodes[i];
            string at = string.Create(CultureInfo.InvariantCulture, $"{NodeOptions.Section}:{i}");
            if (!IsName(node.Name) || node.Name.Length > 64)
            {
                problems.Add($"{at}:Name must be 1-64 letters, digits, '_', '.' or '-'.");
            }
            else if (!names.Add(node.Name))
            {
                problems.Add($"{at}:Name '{node.Name}' is used by another node.");
            }

            if (string.IsNullOrWhiteSpace(node.Host))
            {
                problems.Add($"{at}:Host is required (the event socket's address).");
            }

            if (node.Port is < 1 or > 65535)
            {
                problems.Add($"{at}:Port must be 1-65535.");
            }

            if (node.CallsPerSecond is < 1 or > 10_000)
            {
                problems.Add($"{at}:CallsPerSecond must be 1-10000.");
            }

            if (node.MaxSessions is < 1 or > 1_000_000)
            {
                problems.Add($"{at}:MaxSessions must be 1-1000000.");
            }

            if (!string.IsNullOrEmpty(node.SharedGateway) && !IsName(node.SharedGateway))
            {
                problems.Add($"{at}:SharedGateway must be a sofia gateway name (letters, digits, '_', '.', '-').");
            }

            if (!string.IsNullOrEmpty(node.ControllerAddress) && !IsSocketHost(node.ControllerAddress))
            {
                problems.Add($"{at}:ControllerAddress must be an IPv4 address or DNS name without a port.");
            }

            if (!string.IsNullOrEmpty(node.AudioStreamUrl) && !IsWebSocketUrl(node.AudioStreamUrl))
            {
                problems.Add($"{at}:AudioStreamUrl must be a ws:// or wss:// URL without spaces, quotes or backslashes.");
            }
        }

        return problems;
    }

    internal static bool IsName(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static bool IsSocketHost(string value)
    {
        try
        {
            EslApplication.Socket(value, 8084);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsWebSocketUrl(string value)
    {
        try
        {
            EslApi.AudioStreamStart(Guid.Empty, value.TrimEnd('/') + "/" + Guid.Empty.ToString("D"));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
