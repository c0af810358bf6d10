namespace EslKit.Controller.Nodes;

/// <summary>
/// Holds each node to its calls per second, for all instances together (<see cref="DatabaseNodePacer"/>). The
/// dispatcher looks (<see cref="PeekAsync"/>) before it claims, so no item is claimed (and holds a tenant's slot)
/// that cannot be sent now; takes the permits (<see cref="AcquireAsync"/>) a small chunk at a time as it sends —
/// pending, they count from the grant on; and once the node has read the chunk's originates (each bgapi's reply
/// came back), stamps them with that moment (<see cref="SettleAsync"/>), so a permit is never older than the node's
/// reading of its originate, however long a busy machine took to send it.
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

    /// <summary>
    /// Gives back the most recent <paramref name="count"/> pending permits taken but not used. The dispatcher does not need it
    /// (it peeks before it claims, then takes only what it sends); kept for a caller that takes more than it sends.
    /// </summary>
    ValueTask ReleaseAsync(string node, int count, CancellationToken cancellationToken);

    /// <summary>
    /// Settles <paramref name="count"/> pending permits granted at <paramref name="takenAt"/> (<see cref="PacerGrant.TakenAt"/>)
    /// at the pacer's now: the node has read the originates they paced (their replies came back), so the window counts
    /// them from a moment no earlier than the node's own count. Unsettled, a permit counts until it lapses (its instance died).
    /// </summary>
    ValueTask SettleAsync(string node, DateTimeOffset takenAt, int count, CancellationToken cancellationToken);

    /// <summary>The node said "not now" (its throttle): no permits on it until <paramref name="duration"/> has passed.</summary>
    ValueTask PauseAsync(string node, TimeSpan duration, CancellationToken cancellationToken);
}
