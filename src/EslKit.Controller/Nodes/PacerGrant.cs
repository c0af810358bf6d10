namespace EslKit.Controller.Nodes;

/// <summary>Permits taken from an <see cref="INodePacer"/>.</summary>
/// <param name="Granted">How many originates may be sent now (0 to the number asked for).</param>
/// <param name="RetryAfter">When fewer were granted than asked: how long until the next permit frees up; else zero.</param>
/// <param name="TakenAt">The pacer's time of the permits (the database's clock), to restamp them once used.</param>
internal readonly record struct PacerGrant(int Granted, TimeSpan RetryAfter, DateTimeOffset TakenAt = default);
