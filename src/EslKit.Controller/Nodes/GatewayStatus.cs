namespace EslKit.Controller.Nodes;

/// <summary>
/// What <c>sofia status gateway &lt;name&gt;</c> says of a gateway (fixtures/freeswitch-calls/gateway-status): its
/// registration <see cref="State"/> (<c>REGED</c>, <c>TRYING</c>, <c>FAIL_WAIT</c> …) and ping <see cref="Status"/>
/// (<c>UP</c>/<c>DOWN</c>), or that the node has no such gateway (<c>Invalid Gateway!</c>).
/// </summary>
/// <param name="Exists">False for <c>Invalid Gateway!</c> (unknown, or killed and not yet re-added).</param>
/// <param name="State">The <c>State</c> line, or null.</param>
/// <param name="Status">The <c>Status</c> line, or null.</param>
internal readonly record struct GatewayStatus(bool Exists, string? State, string? Status)
{
    /// <summary>No such gateway on the node.</summary>
    public static GatewayStatus Missing => new(false, null, null);

    /// <summary>Registered (<c>REGED</c>) and not reported down by its pings: trial calls may go through it.</summary>
    public bool IsUsable => Exists && State == "REGED" && !string.Equals(Status, "DOWN", StringComparison.Ordinal);

    /// <summary>
    /// Reads the text form: <c>=====</c> rules around <c>Name\tvalue</c> lines (names padded with spaces), or
    /// <c>Invalid Gateway!</c>. Anything else is read as a missing gateway.
    /// </summary>
    public static GatewayStatus Parse(string? text)
    {
        string? state = null;
        string? status = null;
        bool sawName = false;
        foreach (var line in (text ?? "").AsSpan().EnumerateLines())
        {
            int tab = line.IndexOf('\t');
            if (tab <= 0)
            {
                continue;
            }

            var key = line[..tab].Trim();
            var value = line[(tab + 1)..].Trim();
            if (key.SequenceEqual("Name"))
            {
                sawName = true;
            }
            else if (key.SequenceEqual("State"))
            {
                state = value.ToString();
            }
            else if (key.SequenceEqual("Status"))
            {
                status = value.ToString();
            }
        }

        return sawName && state is not null ? new GatewayStatus(true, state, status) : Missing;
    }
}
