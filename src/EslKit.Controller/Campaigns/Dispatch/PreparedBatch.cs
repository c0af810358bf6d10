namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>What one prepare step produced: the calls to send, and how many items it claimed (unroutable ones were settled at once).</summary>
/// <param name="Calls">The routed calls, ready to send.</param>
/// <param name="Claimed">Items claimed, routable or not: fewer than asked means nothing more is due within the limits now.</param>
internal sealed record PreparedBatch(IReadOnlyList<PreparedCall> Calls, int Claimed);
