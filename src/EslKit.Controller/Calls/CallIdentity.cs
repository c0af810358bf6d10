using System.Globalization;

namespace EslKit.Controller.Calls;

/// <summary>
/// Which attempt a channel belongs to, from the variables every originate carries (<c>eslkit_call_id</c>,
/// <c>eslkit_attempt</c>, <c>eslkit_tenant</c>, <c>eslkit_campaign</c>): read from an outbound session's channel data
/// or from an event's <c>variable_*</c> headers.
/// </summary>
/// <param name="CallId">eslkit_call_id.</param>
/// <param name="Attempt">eslkit_attempt (from 1).</param>
/// <param name="TenantId">eslkit_tenant.</param>
/// <param name="CampaignId">eslkit_campaign, or null.</param>
internal readonly record struct CallIdentity(Guid CallId, int Attempt, long TenantId, long? CampaignId)
{
    /// <summary>Reads the identity with <paramref name="variable"/> (a channel variable by name); false for a channel that is not one of ours.</summary>
    public static bool TryRead(Func<string, string?> variable, out CallIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(variable);
        identity = default;
        if (!Guid.TryParseExact(variable("eslkit_call_id"), "D", out var callId)
            || !int.TryParse(variable("eslkit_attempt"), NumberStyles.None, CultureInfo.InvariantCulture, out int attempt) || attempt < 1
            || !long.TryParse(variable("eslkit_tenant"), NumberStyles.None, CultureInfo.InvariantCulture, out long tenant))
        {
            return false;
        }

        long? campaign = long.TryParse(variable("eslkit_campaign"), NumberStyles.None, CultureInfo.InvariantCulture, out long c) ? c : null;
        identity = new CallIdentity(callId, attempt, tenant, campaign);
        return true;
    }

    /// <summary>Reads the identity from an event's <c>variable_*</c> headers.</summary>
    public static bool TryRead(EslEvent e, out CallIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(e);
        return TryRead(name => e["variable_" + name], out identity);
    }
}
