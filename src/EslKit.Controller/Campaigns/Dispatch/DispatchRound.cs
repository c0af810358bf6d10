namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>What one dispatch round did.</summary>
/// <param name="Sent">Originates sent.</param>
/// <param name="Saturated">Some node got every item it had permits for: more may be due right now.</param>
/// <param name="RetryAfter">When a node's calls per second (or a back-off) held calls back: how long until it frees up; else null.</param>
internal sealed record DispatchRound(int Sent, bool Saturated, TimeSpan? RetryAfter);
