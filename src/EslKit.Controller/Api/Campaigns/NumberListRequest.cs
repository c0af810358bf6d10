namespace EslKit.Controller.Api.Campaigns;

/// <summary>Numbers to import as JSON: <c>{"numbers": ["+60123456789", "0123456790"]}</c>; a number's "line" is its position from 1.</summary>
/// <param name="Numbers">The numbers, with or without a country code (the campaign's region applies).</param>
internal sealed record NumberListRequest(IReadOnlyList<string?>? Numbers);
