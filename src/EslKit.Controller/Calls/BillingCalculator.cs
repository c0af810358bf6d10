using EslKit.Controller.Tenants;

namespace EslKit.Controller.Calls;

/// <summary>
/// Prices one attempt from FreeSWITCH's billsec, in decimal (never floating point), rounded half away from zero
/// to 6 places (the call_logs columns are numeric(14,6)):
/// <list type="bullet">
/// <item>billed seconds = billsec rounded up to the billing increment (0 s stays 0);</item>
/// <item>revenue = billed seconds × the tenant's price per minute / 60;</item>
/// <item>telephony cost (trial only: the shared trunk is ours) = billed seconds × trial cost per minute / 60;</item>
/// <item>AI cost estimate = billsec (answered seconds, not rounded) × AI cost per minute / 60.</item>
/// </list>
/// </summary>
internal static class BillingCalculator
{
    private const int Decimals = 6;

    /// <summary>The charges for an attempt with <paramref name="billsec"/> answered seconds.</summary>
    public static CallCharges Calculate(int billsec, AccountType accountType, decimal pricePerMinute, SystemSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(billsec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.BillingIncrementSeconds);
        int increment = settings.BillingIncrementSeconds;
        int billed = billsec == 0 ? 0 : checked((billsec + increment - 1) / increment * increment);
        decimal revenue = PerMinute(billed, pricePerMinute);
        decimal telephony = accountType == AccountType.Trial ? PerMinute(billed, settings.TrialCostPerMinute) : 0m;
        decimal ai = PerMinute(billsec, settings.AiCostPerMinute);
        return new CallCharges(billed, telephony, ai, revenue);
    }

    /// <summary>
    /// The AI cost of a conversation from its measured AI time (caller audio recognised plus agent audio synthesised):
    /// seconds × AI cost per minute / 60, rounded like the rest. Replaces the billsec estimate once the voice pipeline measured it.
    /// </summary>
    public static decimal AiCost(decimal aiSeconds, SystemSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(aiSeconds);
        return decimal.Round(aiSeconds * settings.AiCostPerMinute / 60m, Decimals, MidpointRounding.AwayFromZero);
    }

    private static decimal PerMinute(int seconds, decimal ratePerMinute) =>
        decimal.Round(seconds * ratePerMinute / 60m, Decimals, MidpointRounding.AwayFromZero);
}
