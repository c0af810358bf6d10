using EslKit.Controller.Tenants;

namespace EslKit.Controller.Api.Tenants;

/// <summary>
/// A pro tenant's SIP settings. The password is write-only: it is never returned; leave it out to keep the stored
/// one while changing the rest. Refused values are named with the reason, never echoed.
/// </summary>
/// <param name="SipUsername">The digest username (no <c>:</c>).</param>
/// <param name="SipPassword">The digest password (no <c>:</c>; what FreeSWITCH cannot carry is refused); null keeps the stored one.</param>
/// <param name="SipProxyPrimary">host[:port] of the carrier's proxy.</param>
/// <param name="SipProxySecondary">host[:port] to fail over to, or null.</param>
/// <param name="SipCallerId">The caller ID number (optional <c>+</c> and digits), or null.</param>
internal sealed record SipConfigRequest(
    string? SipUsername,
    string? SipPassword,
    string? SipProxyPrimary,
    string? SipProxySecondary = null,
    string? SipCallerId = null)
{
    /// <summary>The configuration to save, with <paramref name="storedPassword"/> when the request has none.</summary>
    public PhoneConfig ToPhoneConfig(string? storedPassword) => new(
        SipUsername ?? "",
        SipPassword ?? storedPassword ?? "",
        SipProxyPrimary ?? "",
        string.IsNullOrEmpty(SipProxySecondary) ? null : SipProxySecondary,
        string.IsNullOrEmpty(SipCallerId) ? null : SipCallerId);

    /// <summary>Masked, like <see cref="PhoneConfig.ToString"/>: this record may be logged or shown in a debugger.</summary>
    public override string ToString() =>
        $"SipConfigRequest {{ SipUsername = {SipUsername}, SipPassword = {(SipPassword is null ? "(keep)" : "***")}, SipProxyPrimary = {SipProxyPrimary}, SipProxySecondary = {SipProxySecondary}, SipCallerId = {SipCallerId} }}";
}
