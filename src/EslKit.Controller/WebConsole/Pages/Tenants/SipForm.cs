using EslKit.Controller.Tenants;

namespace EslKit.Controller.WebConsole.Pages.Tenants;

/// <summary>The SIP settings form. The password is write-only: empty keeps the stored one; it is never put back in a page.</summary>
internal sealed class SipForm
{
    public string? SipProxyPrimary { get; set; }

    public string? SipProxySecondary { get; set; }

    public string? SipUsername { get; set; }

    public string? SipPassword { get; set; }

    public string? SipCallerId { get; set; }

    /// <summary>The form filled from a stored configuration (without its password).</summary>
    public static SipForm From(PhoneConfig? config) => new()
    {
        SipProxyPrimary = config?.PrimaryProxy,
        SipProxySecondary = config?.SecondaryProxy,
        SipUsername = config?.SipUsername,
        SipCallerId = config?.CallerId,
    };

    /// <summary>The configuration to save: the API's request with the same "empty keeps the stored password" rule.</summary>
    public PhoneConfig ToPhoneConfig(string? storedPassword) =>
        new Api.Tenants.SipConfigRequest(SipUsername, string.IsNullOrEmpty(SipPassword) ? null : SipPassword, SipProxyPrimary, SipProxySecondary, SipCallerId)
            .ToPhoneConfig(storedPassword);

    /// <summary>Masked: the form may be logged or shown in a debugger.</summary>
    public override string ToString() => $"SipForm {{ SipUsername = {SipUsername}, SipPassword = ***, SipProxyPrimary = {SipProxyPrimary} }}";
}
