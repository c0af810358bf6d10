namespace EslKit;

/// <summary>A subscription with <see cref="EslBufferFullMode.Fail"/> ended because its consumer fell behind.</summary>
public sealed class EslSubscriptionOverflowException : EslException
{
    /// <summary>Creates the exception.</summary>
    public EslSubscriptionOverflowException(string subscription, int capacity)
        : base($"The subscription {subscription} fell behind by more than {capacity} items and was ended.")
    {
        Subscription = subscription;
    }

    /// <summary>Which subscription overflowed.</summary>
    public string Subscription { get; }
}
