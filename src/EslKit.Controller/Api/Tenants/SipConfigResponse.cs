using EslKit.Controller.Tenants;

namespace EslKit.Controller.Api.Tenants;

/// <summary>A pro tenant's SIP settings as the API shows them: the password only as a fixed mask.</summary>
/// <param name="SipUsername">The digest username.</param>
/// <param name="SipPassword">Always <see cref="Mask"/>: the password is never returned, nor its length.</param>
/// <param name="PasswordSet">Whether a password is stored (always true for a saved configuration).</param>
/// <param name="SipProxyPrimary">host[:port] of the carrier's proxy.</param>
/// <param name="SipProxySecondary">host[:port] to fail over to, or null.</param>
/// <param name="SipCallerId">The caller ID number, or null.</param>
internal sealed record SipConfigResponse(
    string SipUsername,
    string SipPassword,
    bool PasswordSet,
    string SipProxyPrimary,
    string? SipProxySecondary,
    string? SipCallerId)
{
    /// <summary>What the password shows as.</summary>
    public const string Mask = "********";

    /// <summary>The response for <paramref name="config"/> (its password is dropped here).</summary>
    public static SipConfigResponse From(PhoneConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(config.SipUsername, Mask, config.SipPassword.Length > 0, config.PrimaryProxy, config.SecondaryProxy, config.CallerId);
    }
}
