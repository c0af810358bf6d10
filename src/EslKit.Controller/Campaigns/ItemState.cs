namespace EslKit.Controller.Campaigns;

/// <summary>
/// A campaign item's state (DESIGN.md §4): pending → dialing → answered → done, or retry (at a time),
/// failed (a reason), skipped (dnc, invalid, window), cancelled.
/// </summary>
internal enum ItemState
{
    /// <summary>Waiting for its first attempt.</summary>
    Pending,

    /// <summary>Claimed; the originate is being or has been sent.</summary>
    Dialing,

    /// <summary>The callee answered; the call is up.</summary>
    Answered,

    /// <summary>The call was answered and has ended.</summary>
    Done,

    /// <summary>Waiting for another attempt at next_attempt_at.</summary>
    Retry,

    /// <summary>Given up: a final cause, no attempts left, or no route.</summary>
    Failed,

    /// <summary>Never dialled: on the DNC list, invalid for routing, or outside the campaign's window for good.</summary>
    Skipped,

    /// <summary>The campaign was cancelled before it was dialled.</summary>
    Cancelled,
}
