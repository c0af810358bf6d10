using System.Diagnostics.Metrics;
using EslKit.Controller.Diagnostics;

namespace EslKit.Controller.Api.Diagnostics;

/// <summary>
/// The HTTP API's instruments, on the controller's Meter ("EslKit.Controller"). Tags are bounded: a reason or an
/// owner kind, never a key, an address or a number.
/// </summary>
internal static class ApiDiagnostics
{
    public static readonly Counter<long> KeysRefused =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.api.keys_refused", "{request}", "API requests whose key was missing or not valid, by reason (missing, invalid).");

    public static readonly Counter<long> RateLimited =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.api.rate_limited", "{request}", "API requests refused by the per-key rate limit, by owner kind (admin, tenant, anonymous).");
}
