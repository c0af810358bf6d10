namespace EslKit.Controller.Campaigns;

/// <summary>The database spelling of <see cref="ItemState"/> (lower case).</summary>
internal static class ItemStates
{
    public static string ToText(this ItemState state) => state switch
    {
        ItemState.Pending => "pending",
        ItemState.Dialing => "dialing",
        ItemState.Answered => "answered",
        ItemState.Done => "done",
        ItemState.Retry => "retry",
        ItemState.Failed => "failed",
        ItemState.Skipped => "skipped",
        ItemState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static ItemState Parse(string text) =>
        Enum.TryParse<ItemState>(text, ignoreCase: true, out var state) && state.ToText() == text
            ? state
            : throw new InvalidOperationException($"Unknown item state '{text}' in the database.");
}
