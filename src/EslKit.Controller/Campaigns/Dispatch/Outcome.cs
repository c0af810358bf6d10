namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>An attempt's outcome as <see cref="OutcomeRecorder"/> decided it, to be written.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="CampaignId">Its campaign.</param>
/// <param name="Next">Its new state.</param>
/// <param name="Disposition">Why (the cause in lower case, answered, machine, cancelled …).</param>
/// <param name="Refund">1 when the attempt does not count (the node's "not now").</param>
/// <param name="RetryAt">When a retry falls due, or null.</param>
/// <param name="Cause">The normalised cause.</param>
/// <param name="CauseClass">Its class.</param>
internal sealed record Outcome(long ItemId, long CampaignId, ItemState Next, string Disposition, int Refund, DateTimeOffset? RetryAt, string Cause, CauseClass CauseClass);
