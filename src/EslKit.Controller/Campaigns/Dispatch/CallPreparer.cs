using EslKit.Controller.Diagnostics;
using EslKit.Controller.Routing;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>
/// The database side of a dispatch round, for the dispatcher loop to call: claims due items (with their
/// per-leg origination UUIDs already stored) and routes each into an originate. An item that cannot be routed
/// is settled at once and never dialled: a pro tenant without SIP configuration → failed ("Pro account
/// requires SIP configuration"); a stored SIP setting EslKit refuses → failed (sip_configuration_refused); any
/// other value EslKit refuses (a number it cannot dial) → skipped (invalid).
/// </summary>
internal sealed class CallPreparer(ItemClaimer claimer, CallRouter router, OutcomeRecorder outcomes, ILogger<CallPreparer> logger)
{
    /// <summary>Claims and routes up to <paramref name="maxCalls"/> items.</summary>
    public async Task<IReadOnlyList<PreparedCall>> PrepareAsync(int maxCalls, CancellationToken cancellationToken) =>
        (await PrepareAsync(maxCalls, null, includeTrial: true, cancellationToken).ConfigureAwait(false)).Calls;

    /// <summary>
    /// Claims and routes up to <paramref name="maxCalls"/> items for one node: routed to <paramref name="target"/>
    /// (its gateway name and dial-back address), trial items only when <paramref name="includeTrial"/> (the node's
    /// shared gateway is registered).
    /// </summary>
    public async Task<PreparedBatch> PrepareAsync(int maxCalls, RouteTarget? target, bool includeTrial, CancellationToken cancellationToken)
    {
        var batches = await claimer.ClaimAsync(maxCalls, includeTrial, cancellationToken).ConfigureAwait(false);
        var calls = new List<PreparedCall>();
        int claimed = 0;
        foreach (var batch in batches)
        {
            foreach (var item in batch.Items)
            {
                claimed++;
                var request = new RouteRequest(
                    item.TenantId,
                    item.AccountType,
                    batch.PhoneConfig,
                    item.Number,
                    item.CallId,
                    item.CampaignId,
                    item.Attempt,
                    item.LegUuids,
                    item.CallerIdOverride,
                    target);
                try
                {
                    var route = router.Route(request);
                    Log.Routed(logger, item.ItemId, item.Attempt, route.Description);
                    calls.Add(new PreparedCall(item, route));
                }
                catch (RouteUnavailableException ex)
                {
                    Refused(item, ex.Disposition, ex.Message);
                    await outcomes.FailAsync(item.CallId, item.Attempt, ex.Disposition, ex.Message, cancellationToken).ConfigureAwait(false);
                }
                catch (EslValueRejectedException ex) when (ex.Field.Contains("sip_auth", StringComparison.OrdinalIgnoreCase) || ex.Field == "callerIdNumber")
                {
                    // A stored setting refused (saved before a rule it breaks existed): the tenant's, not the number's, fault.
                    Refused(item, "sip_configuration_refused", ex.Message);
                    await outcomes.FailAsync(item.CallId, item.Attempt, "sip_configuration_refused", ex.Message, cancellationToken).ConfigureAwait(false);
                }
                catch (EslValueRejectedException ex)
                {
                    // The message names the field and reason only, never the value.
                    Refused(item, "invalid", ex.Message);
                    await outcomes.SkipAsync(item.CallId, item.Attempt, "invalid", ex.Message, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new PreparedBatch(calls, claimed);
    }

    private void Refused(ClaimedItem item, string disposition, string reason)
    {
        ControllerDiagnostics.RouteRefusals.Add(1, new KeyValuePair<string, object?>("reason", disposition));
        Log.RouteRefused(logger, item.ItemId, item.TenantId, reason);
    }
}
