using EslKit.Controller.Tenants;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>The items claimed for one tenant, with the SIP configuration read under the same lock (so the leg count matches).</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="PhoneConfig">Its SIP configuration (decrypted), or null.</param>
/// <param name="Items">The items claimed.</param>
internal sealed record ClaimBatch(long TenantId, PhoneConfig? PhoneConfig, IReadOnlyList<ClaimedItem> Items);
