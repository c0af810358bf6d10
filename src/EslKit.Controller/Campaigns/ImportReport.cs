namespace EslKit.Controller.Campaigns;

/// <summary>What an import did.</summary>
/// <param name="Accepted">New items to dial.</param>
/// <param name="Duplicates">Numbers dropped because the upload or the campaign already had them.</param>
/// <param name="DoNotCall">Numbers on the tenant's DNC list: added as skipped (dnc), never dialled.</param>
/// <param name="OutsideWindow">Numbers whose time zones are never all inside the calling window at once: added as skipped (window), never dialled.</param>
/// <param name="Rejected">Lines that are not valid numbers, with line number and reason.</param>
internal sealed record ImportReport(int Accepted, int Duplicates, int DoNotCall, int OutsideWindow, IReadOnlyList<RejectedLine> Rejected);
