using System.Globalization;
using EslKit.Testing;

namespace EslKit.Shared;

/// <summary>
/// What the emulated nodes measured of a controller run, held against the limits the controller had to keep: each
/// tenant's and the shared trunk's concurrent calls, each node's originates per second, and no number or origination
/// UUID dialled twice. One place for the checks the multi-instance tests assert and the controller-load benchmark
/// reports (linked into both).
/// </summary>
internal sealed class ControllerLimitReport
{
    private ControllerLimitReport()
    {
    }

    /// <summary>Each tenant's (eslkit_tenant) most concurrent calls, over all nodes on one clock.</summary>
    public IReadOnlyDictionary<string, int> TenantPeaks { get; private init; } = new Dictionary<string, int>();

    /// <summary>The shared trunk's most concurrent calls, over all nodes.</summary>
    public int TrunkPeak { get; private init; }

    /// <summary>Each node's busiest second (originates received).</summary>
    public IReadOnlyList<int> NodePeaks { get; private init; } = [];

    /// <summary>How many times each number was dialled, over all nodes (a failover's legs count once).</summary>
    public IReadOnlyDictionary<string, int> DialsByNumber { get; private init; } = new Dictionary<string, int>();

    /// <summary>Every limit broken, one line each (empty when all held).</summary>
    public IReadOnlyList<string> Violations { get; private init; } = [];

    /// <summary>Measures <paramref name="switches"/> against the limits.</summary>
    /// <param name="switches">The run's nodes.</param>
    /// <param name="tenantLimits">Each tenant's limit, by tenant id (as in eslkit_tenant).</param>
    /// <param name="gateway">The shared trial gateway.</param>
    /// <param name="trunkLimit">Its limit.</param>
    /// <param name="callsPerSecond">Each node's calls per second.</param>
    public static ControllerLimitReport Measure(IReadOnlyList<EslSwitchEmulator> switches, IReadOnlyDictionary<string, int> tenantLimits, string gateway, int trunkLimit, int callsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(switches);
        ArgumentNullException.ThrowIfNull(tenantLimits);
        var calls = switches.Select(s => s.Calls).ToList();
        var tenants = EslEmulatorCalls.MaxConcurrentByVariable(calls, "eslkit_tenant");
        int trunk = EslEmulatorCalls.MaxConcurrentByGateway(calls).GetValueOrDefault(gateway);
        var nodes = calls.Select(c => c.MaxOriginatesPerSecond).ToList();
        var dials = calls.SelectMany(c => c.DialsByNumber).GroupBy(d => d.Key).ToDictionary(g => g.Key, g => g.Sum(d => d.Value), StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var (tenant, limit) in tenantLimits)
        {
            if (tenants.GetValueOrDefault(tenant) > limit)
            {
                violations.Add(Text($"tenant {tenant}: {tenants[tenant]} concurrent calls, limit {limit}"));
            }
        }

        if (trunk > trunkLimit)
        {
            violations.Add(Text($"trunk {gateway}: {trunk} concurrent calls, limit {trunkLimit}"));
        }

        for (int i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] > callsPerSecond)
            {
                violations.Add(Text($"node {i + 1}: {nodes[i]} originates in one second, limit {callsPerSecond}"));
            }
        }

        violations.AddRange(dials.Where(d => d.Value > 1).Select(d => Text($"number {d.Key} dialled {d.Value} times")));
        violations.AddRange(calls.SelectMany(c => c.DialsByUuid).GroupBy(d => d.Key).Where(g => g.Sum(d => d.Value) > 1).Select(g => Text($"origination UUID {g.Key} dialled {g.Sum(d => d.Value)} times")));
        return new ControllerLimitReport { TenantPeaks = tenants, TrunkPeak = trunk, NodePeaks = nodes, DialsByNumber = dials, Violations = violations };
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
