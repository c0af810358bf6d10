namespace EslKit.Controller.Campaigns;

/// <summary>
/// The local times of day a callee may be called, in the callee's own time zone: from <see cref="Start"/>
/// (inclusive) to <see cref="End"/> (exclusive); an end before the start spans midnight. Default 08:00–21:00.
/// The claim applies it in SQL (see <see cref="Dispatch.ItemClaimer"/>).
/// </summary>
/// <param name="Start">First allowed time of day.</param>
/// <param name="End">First time of day no longer allowed.</param>
internal sealed record CallingWindow(TimeOnly Start, TimeOnly End)
{
    /// <summary>08:00–21:00.</summary>
    public static CallingWindow Default { get; } = new(new TimeOnly(8, 0), new TimeOnly(21, 0));
}
