using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EslKit.Controller.Diagnostics;

/// <summary>
/// The controller's Meter and ActivitySource, both named "EslKit.Controller". Tags carry ids, states and
/// causes only — never a number's owner data, a password or a key.
/// </summary>
internal static class ControllerDiagnostics
{
    /// <summary>The name of the Meter and the ActivitySource.</summary>
    public const string Name = "EslKit.Controller";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> MigrationsApplied =
        Meter.CreateCounter<long>("eslkit.controller.migrations.applied", "{migration}", "Schema migrations applied by this instance.");

    public static readonly Counter<long> NumbersImported =
        Meter.CreateCounter<long>("eslkit.controller.numbers.imported", "{number}", "Campaign numbers imported, by result (accepted, duplicate, dnc, rejected).");

    public static readonly Counter<long> ItemsClaimed =
        Meter.CreateCounter<long>("eslkit.controller.items.claimed", "{item}", "Campaign items claimed for dialling.");

    public static readonly Histogram<double> ClaimDuration =
        Meter.CreateHistogram<double>("eslkit.controller.claim.duration", "s", "Time one claim transaction took.");

    public static readonly Counter<long> Outcomes =
        Meter.CreateCounter<long>("eslkit.controller.outcomes", "{attempt}", "Recorded call attempt outcomes, by resulting item state and cause class.");

    public static readonly Counter<long> RouteRefusals =
        Meter.CreateCounter<long>("eslkit.controller.routes.refused", "{item}", "Items that could not be routed, by reason.");

    public static readonly Counter<long> CallLogsWritten =
        Meter.CreateCounter<long>("eslkit.controller.call_logs.written", "{row}", "Call log writes that changed a row (late duplicates are not counted).");
}
