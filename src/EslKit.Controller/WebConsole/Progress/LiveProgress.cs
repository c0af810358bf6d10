namespace EslKit.Controller.WebConsole.Progress;

/// <summary>What the live progress view shows of a campaign at one moment (sent as JSON by the feed).</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="State">The campaign's state (draft, running, paused, cancelled, completed).</param>
/// <param name="Total">All its items.</param>
/// <param name="Settled">Items in a final state (done, failed, skipped, cancelled).</param>
/// <param name="Percent">Settled out of total, 0–100 (whole numbers; 100 only when every item is settled).</param>
/// <param name="ByState">Items per item state, every state present.</param>
/// <param name="ByDisposition">Items per disposition, for items that have one.</param>
/// <param name="ActiveCalls">The tenant's calls being dialled or up now (all its campaigns: its limit is shared).</param>
/// <param name="ConcurrencyLimit">The tenant's concurrency limit.</param>
/// <param name="CallsPerSecond">The campaign's attempts started per second over the last <see cref="LiveProgressReader.RateWindow"/>.</param>
/// <param name="Finished">The campaign is cancelled or completed and none of its calls is still up: the feed ends.</param>
internal sealed record LiveProgress(
    long CampaignId,
    string State,
    int Total,
    int Settled,
    int Percent,
    IReadOnlyDictionary<string, int> ByState,
    IReadOnlyDictionary<string, int> ByDisposition,
    int ActiveCalls,
    int ConcurrencyLimit,
    double CallsPerSecond,
    bool Finished);
