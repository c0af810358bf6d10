namespace EslKit.Controller.Calls;

/// <summary>What one attempt cost and earned, in currency units, exact decimals (6 places).</summary>
/// <param name="BilledSeconds">billsec rounded up to the billing increment (0 when not answered).</param>
/// <param name="TelephonyCost">The trial trunk's cost for the billed time (0 for pro: the tenant's own trunk).</param>
/// <param name="AiCost">The estimated speech/AI cost for the answered time.</param>
/// <param name="Revenue">What the tenant pays: billed time at its price per minute.</param>
internal sealed record CallCharges(int BilledSeconds, decimal TelephonyCost, decimal AiCost, decimal Revenue);
