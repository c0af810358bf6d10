namespace EslKit;

/// <summary>
/// An option is outside what it accepts. <see cref="Setting"/> is where it sits in its options object, written
/// as a configuration key (<c>Port</c>, <c>Reconnect:MaxDelay</c>), and <see cref="Requirement"/> says what it
/// must be (<c>must be 1–65535</c>). An options object does not know the configuration section it was bound
/// from: EslKit.Hosting prefixes it with <see cref="MessageAt"/>, so a host that fails to start names the
/// exact key, e.g. <c>EslKit:Outbound:Port must be 0–65535 (0 picks a free port); it is 70000.</c>
/// </summary>
/// <remarks>
/// Numbers, times and enumerations are shown as they were set; passwords and other text never are.
/// </remarks>
public sealed class EslInvalidSettingException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="setting">The setting's path in its options object, parts separated by <c>:</c>.</param>
    /// <param name="requirement">What it must be, starting with a verb: <c>must be at least 1</c>.</param>
    /// <param name="actualValue">The value as set, when it is safe to show (never a password or free text).</param>
    /// <param name="innerException">What refused it, if anything did.</param>
    public EslInvalidSettingException(string setting, string requirement, string? actualValue = null, Exception? innerException = null)
        : base(null, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(setting);
        ArgumentException.ThrowIfNullOrEmpty(requirement);
        Setting = setting;
        Requirement = requirement;
        ActualValue = actualValue;
    }

    /// <summary>The setting's path in its options object, e.g. <c>Port</c> or <c>Reconnect:MaxDelay</c>.</summary>
    public string Setting { get; }

    /// <summary>What the setting must be, e.g. <c>must be 1–65535</c> or <c>must be at least 1</c>.</summary>
    public string Requirement { get; }

    /// <summary>The value as it was set (<c>70000</c>, <c>-00:00:01</c>), or null when it is not shown.</summary>
    public string? ActualValue { get; }

    /// <summary>The setting (the same as <see cref="Setting"/>).</summary>
    public override string ParamName => Setting;

    /// <summary>E.g. <c>Port must be 1–65535; it is 70000.</c></summary>
    public override string Message => MessageAt(null);

    /// <summary>
    /// The message with the setting under <paramref name="section"/>, a configuration path such as
    /// <c>EslKit:Outbound</c>: <c>EslKit:Outbound:Port must be 0–65535 (0 picks a free port); it is 70000.</c>
    /// </summary>
    public string MessageAt(string? section)
    {
        string key = string.IsNullOrEmpty(section) ? Setting : $"{section}:{Setting}";
        return ActualValue is null ? $"{key} {Requirement}." : $"{key} {Requirement}; it is {ActualValue}.";
    }

    /// <summary>The same refusal for a setting of a part (<c>Reconnect</c>, <c>Limits</c> …) of a larger options object.</summary>
    internal EslInvalidSettingException Within(string parent) => new($"{parent}:{Setting}", Requirement, ActualValue, InnerException);
}
