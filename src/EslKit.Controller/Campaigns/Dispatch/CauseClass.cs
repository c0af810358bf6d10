namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>What a failed attempt's cause means for the item.</summary>
internal enum CauseClass
{
    /// <summary>Try again later, spending an attempt (busy, no answer, temporary failures, gateway down).</summary>
    Retryable,

    /// <summary>Never try this number again (unallocated, invalid format, rejected …).</summary>
    Final,

    /// <summary>
    /// The node said "not now" (<c>-ERR DESTINATION_OUT_OF_ORDER</c>: its sessions-per-second throttle, no RTP
    /// ports, a duplicate UUID): retry soon, spend no attempt, never mark the number bad.
    /// </summary>
    NodeRefusal,
}
