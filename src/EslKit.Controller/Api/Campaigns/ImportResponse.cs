using EslKit.Controller.Campaigns;

namespace EslKit.Controller.Api.Campaigns;

/// <summary>What an upload imported.</summary>
/// <param name="Accepted">New items to dial.</param>
/// <param name="Duplicates">Numbers dropped because the upload or the campaign already had them.</param>
/// <param name="DoNotCall">Numbers on the tenant's DNC list: added as skipped (dnc), never dialled.</param>
/// <param name="OutsideWindow">Numbers whose time zones are never all inside the campaign's calling window at once: added as skipped (window), never dialled.</param>
/// <param name="Rejected">Lines that are not valid numbers (only with <c>acceptValid=true</c>; otherwise they refuse the upload).</param>
internal sealed record ImportResponse(int Accepted, int Duplicates, int DoNotCall, int OutsideWindow, IReadOnlyList<RejectedLine> Rejected)
{
    /// <summary>The response for <paramref name="report"/>.</summary>
    public static ImportResponse From(ImportReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.Accepted, report.Duplicates, report.DoNotCall, report.OutsideWindow, report.Rejected);
    }
}
