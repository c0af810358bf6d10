namespace EslKit.Controller.Api.DoNotCall;

/// <summary>Numbers to put on the caller's do-not-call list.</summary>
/// <param name="Numbers">With or without a country code; all must be valid, or nothing is added.</param>
/// <param name="Region">Region for numbers without a country code (default: the tenant's).</param>
internal sealed record DncNumbersRequest(IReadOnlyList<string>? Numbers, string? Region = null);
