namespace EslKit.Controller.Tenants;

/// <summary>
/// A pro tenant's SIP account. Holds the password in clear in memory (to save it, or to build an originate);
/// <see cref="ToString"/> masks it, so the object is safe to log.
/// </summary>
/// <param name="SipUsername">The digest username (no <c>:</c>).</param>
/// <param name="SipPassword">The digest password (no <c>:</c>; what FreeSWITCH cannot carry is refused when saved).</param>
/// <param name="PrimaryProxy">host[:port] of the carrier's proxy.</param>
/// <param name="SecondaryProxy">host[:port] to fail over to, or null.</param>
/// <param name="CallerId">The caller ID number (optional <c>+</c> and digits), or null.</param>
internal sealed record PhoneConfig(string SipUsername, string SipPassword, string PrimaryProxy, string? SecondaryProxy = null, string? CallerId = null)
{
    /// <summary>Everything but the password, which shows as <c>***</c>.</summary>
    public override string ToString() =>
        $"PhoneConfig {{ SipUsername = {SipUsername}, SipPassword = ***, PrimaryProxy = {PrimaryProxy}, SecondaryProxy = {SecondaryProxy}, CallerId = {CallerId} }}";
}
