using System.Diagnostics.Metrics;
using EslKit.Controller.Diagnostics;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>The dispatcher loop's instruments, on the controller's Meter. Tags: node names, results and causes only.</summary>
internal static class DispatchMetrics
{
    public static readonly Counter<long> Originates =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.originates", "{call}", "Originates sent, by node and result (ok, a cause such as USER_BUSY, or unknown when no answer came).");

    public static readonly Histogram<double> OriginateDuration =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.originate.duration", "s", "From sending an originate to its BACKGROUND_JOB (ringing included).");

    public static readonly UpDownCounter<long> ActiveCalls =
        ControllerDiagnostics.Meter.CreateUpDownCounter<long>("eslkit.controller.calls.active", "{call}", "This instance's calls on each node: originates in flight and calls up.");

    public static readonly Counter<long> NodeRefusals =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.node.refusals", "{call}", "Originates a node refused with DESTINATION_OUT_OF_ORDER (its throttle); no attempt is spent.");
}
