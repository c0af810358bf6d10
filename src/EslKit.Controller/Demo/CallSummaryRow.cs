namespace EslKit.Controller.Demo;

/// <summary>One number's line in the demo's call-log summary (its attempts' call logs added up).</summary>
/// <param name="Tenant">The tenant's name.</param>
/// <param name="Number">The number, formatted (+60 12-300 0001).</param>
/// <param name="Outcome">The item's final state and disposition ("answered", "failed: user_busy", "skipped: dnc").</param>
/// <param name="Attempts">Attempts that counted toward max attempts.</param>
/// <param name="Refused">Attempts the node refused ("not now"; not counted).</param>
/// <param name="Billsec">Answered seconds, from FreeSWITCH's billsec.</param>
/// <param name="Cost">Telephony and AI cost.</param>
/// <param name="Revenue">What the tenant is charged.</param>
/// <param name="Route">The route of the last attempt (never a password), or empty when never dialled.</param>
internal sealed record CallSummaryRow(string Tenant, string Number, string Outcome, int Attempts, int Refused, int Billsec, decimal Cost, decimal Revenue, string Route);
