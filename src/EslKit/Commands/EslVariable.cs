using EslKit.Diagnostics;

namespace EslKit.Commands;

/// <summary>
/// A channel variable for an originate: a name, a value, and whether the value is secret (masked in every
/// rendering for logs). <c>sip_auth_password</c> is always treated as secret.
/// </summary>
public readonly struct EslVariable
{
    /// <summary>Creates a variable.</summary>
    /// <param name="name">The variable's name: ASCII letters, digits, <c>_</c>, <c>.</c> and <c>-</c>.</param>
    /// <param name="value">Its value, checked and escaped when the originate is built.</param>
    /// <param name="isSecret">Mask the value in logs, exception messages and <see cref="object.ToString"/>.</param>
    public EslVariable(string name, string value, bool isSecret = false)
    {
        Name = name;
        Value = value;
        IsSecret = isSecret;
    }

    /// <summary>The variable's name.</summary>
    public string Name { get; }

    /// <summary>The value FreeSWITCH must end up with.</summary>
    public string Value { get; }

    /// <summary>True when the value is masked in renderings (always for <c>sip_auth_password</c>).</summary>
    public bool IsSecret { get; }

    /// <summary>A variable whose value is masked in every rendering.</summary>
    public static EslVariable Secret(string name, string value) => new(name, value, isSecret: true);

    /// <summary><c>name=value</c>, or <c>name=***</c> for a secret.</summary>
    public override string ToString() =>
        IsSecret || EslRedaction.IsAlwaysSecret(Name) ? $"{Name}={EslRedaction.Mask}" : $"{Name}={Value}";
}
