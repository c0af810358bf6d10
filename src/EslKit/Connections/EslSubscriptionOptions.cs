namespace EslKit;

/// <summary>Buffering of one subscription.</summary>
public sealed record EslSubscriptionOptions
{
    /// <summary>A new instance with the defaults: 10,000 items, <see cref="EslBufferFullMode.DropOldest"/>.</summary>
    public static EslSubscriptionOptions Default => new();

    /// <summary>How many items may wait for the consumer.</summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>What happens when the buffer is full.</summary>
    public EslBufferFullMode FullMode { get; set; } = EslBufferFullMode.DropOldest;

    internal void Validate()
    {
        SettingCheck.AtLeast(Capacity, 1, nameof(Capacity));
        SettingCheck.Defined(FullMode, nameof(FullMode));
    }
}
