namespace EslKit.Controller.Tenants;

/// <summary>The system-wide prices and costs (<c>system_settings</c>), all per minute, as decimals.</summary>
/// <param name="PricePerMinute">The default price a tenant pays per billed minute (0.15).</param>
/// <param name="TrialCostPerMinute">What the shared trial trunk costs us per billed minute (0.008).</param>
/// <param name="AiCostPerMinute">The estimated speech/AI cost per answered minute (0.04).</param>
/// <param name="BillingIncrementSeconds">Billed time is rounded up to this many seconds (60).</param>
internal sealed record SystemSettings(decimal PricePerMinute, decimal TrialCostPerMinute, decimal AiCostPerMinute, int BillingIncrementSeconds);
