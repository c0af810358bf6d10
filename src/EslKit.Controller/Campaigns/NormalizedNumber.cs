namespace EslKit.Controller.Campaigns;

/// <summary>A valid number in E.164 digits (no <c>+</c>) and the IANA time zones libphonenumber maps it to (empty: unknown).</summary>
internal sealed record NormalizedNumber(string Digits, IReadOnlyList<string> TimeZones);
