namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>
/// An item whose claim lapsed (its instance stopped renewing): for the rescuer (issue 10), which first asks the
/// node whether any of <see cref="LegUuids"/> exists before dialling again.
/// </summary>
internal sealed record ExpiredLease(long ItemId, Guid CallId, int Attempt, IReadOnlyList<Guid> LegUuids, string? ClaimedBy, DateTimeOffset LeaseExpiredAt);
