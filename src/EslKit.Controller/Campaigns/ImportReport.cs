namespace EslKit.Controller.Campaigns;

/// <summary>What an import did.</summary>
/// <param name="Accepted">New items to dial.</param>
/// <param name="Duplicates">Numbers dropped because the upload or the campaign already had them.</param>
/// <param name="DoNotCall">Numbers on the tenant's DNC list: added as skipped (dnc), never dialled.</param>
/// <param name="Rejected">Lines that are not valid numbers, with line number and reason.</param>
internal sealed record ImportReport(int Accepted, int Duplicates, int DoNotCall, IReadOnlyList<RejectedLine> Rejected);
