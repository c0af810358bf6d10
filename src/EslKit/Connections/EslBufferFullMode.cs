namespace EslKit;

/// <summary>
/// What a subscription does when its consumer falls behind and its buffer is full. The read loop never
/// waits for a consumer (FreeSWITCH would drop the whole connection if it did); every drop is counted
/// in <c>eslkit.events.dropped</c> and logged.
/// </summary>
public enum EslBufferFullMode
{
    /// <summary>Drop the oldest buffered item to make room (the consumer sees the most recent events).</summary>
    DropOldest,

    /// <summary>Drop the item that did not fit (the consumer sees the earliest events).</summary>
    DropNewest,

    /// <summary>
    /// End the subscription with <see cref="EslSubscriptionOverflowException"/> after the buffered items,
    /// so the consumer knows it missed events and can resynchronise.
    /// </summary>
    Fail,
}
