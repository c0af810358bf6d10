namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>What an attempt's outcome depends on, read (and locked) when it ends: see <see cref="OutcomeRecorder"/>.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="CampaignId">Its campaign.</param>
/// <param name="Current">Its state: dialing or answered.</param>
/// <param name="AttemptsUsed">Attempts that counted so far (this one included).</param>
/// <param name="MaxAttempts">The campaign's limit.</param>
/// <param name="Policy">The campaign's retry waits.</param>
/// <param name="CampaignState">The campaign's state (a cancelled campaign retries nothing).</param>
/// <param name="MachineHungUp">An answering machine the campaign hangs up on answered this attempt.</param>
internal sealed record ItemEnd(long ItemId, long CampaignId, ItemState Current, int AttemptsUsed, int MaxAttempts, RetryPolicy Policy, CampaignState CampaignState, bool MachineHungUp);
