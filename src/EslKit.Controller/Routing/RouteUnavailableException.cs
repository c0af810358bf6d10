namespace EslKit.Controller.Routing;

/// <summary>A call cannot be routed (e.g. a pro tenant without SIP configuration); nothing is dialled.</summary>
internal sealed class RouteUnavailableException(string disposition, string message) : Exception(message)
{
    /// <summary>The message for a pro tenant without <c>phone_config</c>.</summary>
    public const string NoSipConfigurationMessage = "Pro account requires SIP configuration";

    /// <summary>A short machine-readable reason recorded on the item, e.g. <c>no_sip_configuration</c>.</summary>
    public string Disposition { get; } = disposition;

    /// <summary>For a pro tenant without SIP configuration.</summary>
    public static RouteUnavailableException NoSipConfiguration() => new("no_sip_configuration", NoSipConfigurationMessage);
}
