using EslKit.Controller.Calls;
using EslKit.Controller.Tenants;

namespace EslKit.Controller.Tests.Calls;

public sealed class BillingCalculatorTests
{
    private static readonly SystemSettings Defaults = new(0.15m, 0.008m, 0.04m, 60);

    [Theory]
    // billsec, account, billed s, telephony, AI, revenue (tenant at RM0.15/min)
    [InlineData(0, "trial", 0, "0", "0", "0")]
    [InlineData(3, "trial", 60, "0.008", "0.002", "0.15")]           // the capture's 3 s call: one started minute
    [InlineData(60, "trial", 60, "0.008", "0.04", "0.15")]
    [InlineData(61, "trial", 120, "0.016", "0.040667", "0.30")]      // 61 × 0.04 / 60 = 0.0406666… → 0.040667
    [InlineData(125, "pro", 180, "0", "0.083333", "0.45")]           // pro: the tenant's own trunk costs us nothing
    [InlineData(3600, "pro", 3600, "0", "2.4", "9")]
    public void Known_durations_cost_and_earn_exactly(int billsec, string account, int billed, string telephony, string ai, string revenue)
    {
        var charges = BillingCalculator.Calculate(billsec, AccountTypes.Parse(account), 0.15m, Defaults);

        Assert.Equal(billed, charges.BilledSeconds);
        Assert.Equal(decimal.Parse(telephony, System.Globalization.CultureInfo.InvariantCulture), charges.TelephonyCost);
        Assert.Equal(decimal.Parse(ai, System.Globalization.CultureInfo.InvariantCulture), charges.AiCost);
        Assert.Equal(decimal.Parse(revenue, System.Globalization.CultureInfo.InvariantCulture), charges.Revenue);
    }

    [Fact]
    public void The_billing_increment_and_the_tenants_rate_apply()
    {
        var perSecond = Defaults with { BillingIncrementSeconds = 1 };
        var sixSeconds = Defaults with { BillingIncrementSeconds = 6 };

        Assert.Equal(new CallCharges(7, 0.000933m, 0.004667m, 0.0175m), BillingCalculator.Calculate(7, AccountType.Trial, 0.15m, perSecond));
        Assert.Equal(new CallCharges(12, 0.0016m, 0.004667m, 0.024m), BillingCalculator.Calculate(7, AccountType.Trial, 0.12m, sixSeconds));
    }

    [Fact]
    public void Sums_of_many_calls_stay_exact()
    {
        decimal total = 0;
        for (int i = 0; i < 10_000; i++)
        {
            total += BillingCalculator.Calculate(3, AccountType.Trial, 0.15m, Defaults).Revenue;
        }

        Assert.Equal(1500m, total);
    }
}
