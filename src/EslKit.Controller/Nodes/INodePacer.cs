namespace EslKit.Controller.Nodes;

/// <summary>
/// Holds each node to its calls per second, for all instances together (<see cref="DatabaseNodePacer"/>). The
/// dispatcher looks (<see cref="PeekAsync"/>) before it claims, so no item is claimed (and holds a tenant's slot)
/// that cannot be sent now; takes the permits (<see cref="AcquireAsync"/>) a small chunk at a time as it sends;
/// and once the chunk's originates are written, moves the permits' time to then (<see cref="RestampAsync"/>), so a
/// permit is never older than its originate even when a busy machine delayed the sends.
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
    /// Gives back the most recent <paramref name="count"/> permits taken but not used. The dispatcher does not need it
    /// (it peeks before it claims, then takes only what it sends); kept for a caller that takes more than it sends.
    /// </summary>
    ValueTask ReleaseAsync(string node, int count, CancellationToken cancellationToken);

    /// <summary>
    /// Moves <paramref name="count"/> permits granted at <paramref name="takenAt"/> (<see cref="PacerGrant.TakenAt"/>)
    /// to the pacer's now: the originates they paced have been written, so the window counts them from when they left.
    /// </summary>
    ValueTask RestampAsync(string node, DateTimeOffset takenAt, int count, CancellationToken cancellationToken);

    /// <summary>The node said "not now" (its throttle): no permits on it until <paramref name="duration"/> has passed.</summary>
    ValueTask PauseAsync(string node, TimeSpan duration, CancellationToken cancellationToken);
}
