namespace EslKit.Controller.Nodes;

/// <summary>
/// Holds each node to its calls per second. The dispatcher looks (<see cref="PeekAsync"/>) before it claims, so no
/// item is claimed (and holds a tenant's slot) that cannot be sent now, and takes the permits
/// (<see cref="AcquireAsync"/>) at the moment it sends, so a permit's time is the originate's time on the wire. This instance's implementation is
/// <see cref="LocalNodePacer"/>; part 2 shares each node's budget among instances through the database behind
/// this same interface (permits taken in one statement per node and window, released and paused the same way).
/// </summary>
internal interface INodePacer
{
    /// <summary>
    /// Takes up to <paramref name="wanted"/> originate permits on <paramref name="node"/> now, never more than
    /// <paramref name="callsPerSecond"/> in any window of one second (plus the configured margin).
    /// </summary>
    ValueTask<PacerGrant> AcquireAsync(string node, int callsPerSecond, int wanted, CancellationToken cancellationToken);

    /// <summary>How many permits <see cref="AcquireAsync"/> would grant now (up to <paramref name="wanted"/>), taking none.</summary>
    ValueTask<PacerGrant> PeekAsync(string node, int callsPerSecond, int wanted, CancellationToken cancellationToken);

    /// <summary>Gives back the most recent <paramref name="count"/> permits taken but not used (fewer items were due than permits taken).</summary>
    ValueTask ReleaseAsync(string node, int count, CancellationToken cancellationToken);

    /// <summary>The node said "not now" (its throttle): no permits on it until <paramref name="duration"/> has passed.</summary>
    ValueTask PauseAsync(string node, TimeSpan duration, CancellationToken cancellationToken);
}
