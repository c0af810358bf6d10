using EslKit.Controller.Tenants;

namespace EslKit.Controller.Api.Tenants;

/// <summary>The system's prices and costs (all per minute) and the billing increment; every property is required when writing.</summary>
/// <param name="PricePerMinute">The default price a tenant pays per billed minute.</param>
/// <param name="TrialCostPerMinute">What the shared trial trunk costs per billed minute.</param>
/// <param name="AiCostPerMinute">The estimated speech/AI cost per answered minute.</param>
/// <param name="BillingIncrementSeconds">Billed time is rounded up to this many seconds (1–3600).</param>
internal sealed record SettingsBody(decimal? PricePerMinute, decimal? TrialCostPerMinute, decimal? AiCostPerMinute, int? BillingIncrementSeconds)
{
    /// <summary>The body for <paramref name="settings"/>.</summary>
    public static SettingsBody From(SystemSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.PricePerMinute, settings.TrialCostPerMinute, settings.AiCostPerMinute, settings.BillingIncrementSeconds);
    }

    /// <summary>The settings to write.</summary>
    /// <exception cref="InputRejectedException">A property is missing.</exception>
    public SystemSettings ToSettings() => new(
        PricePerMinute ?? throw new InputRejectedException("pricePerMinute", InputError.Required),
        TrialCostPerMinute ?? throw new InputRejectedException("trialCostPerMinute", InputError.Required),
        AiCostPerMinute ?? throw new InputRejectedException("aiCostPerMinute", InputError.Required),
        BillingIncrementSeconds ?? throw new InputRejectedException("billingIncrementSeconds", InputError.Required));
}
