namespace EslKit.Testing;

/// <summary>One leg the emulator is dialling, as a scripted outcome hook (<see cref="EslEmulatorCalls.OnDial"/>) sees it.</summary>
public sealed class EslCallAttempt
{
    internal EslCallAttempt(Guid uniqueId, string endpoint, string number, string? gateway, string? host, IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        UniqueId = uniqueId;
        Endpoint = endpoint;
        Number = number;
        Gateway = gateway;
        Host = host;
        Variables = variables;
    }

    /// <summary>The leg's channel uuid.</summary>
    public Guid UniqueId { get; }

    /// <summary>The endpoint as dialled, e.g. <c>sofia/gateway/trunk/601100486</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The number dialled.</summary>
    public string Number { get; }

    /// <summary>The gateway, for <c>sofia/gateway/…</c>.</summary>
    public string? Gateway { get; }

    /// <summary>The host (and port), for <c>sofia/&lt;profile&gt;/number@host</c>.</summary>
    public string? Host { get; }

    /// <summary>The leg's channel variables from the originate, in order (<c>sip_auth_password</c> included: never log it).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables { get; }

    /// <summary>A variable (name ignoring case), or null.</summary>
    public string? GetVariable(string name) => Variables.FirstOrDefault(v => v.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <inheritdoc />
    public override string ToString() => $"{Endpoint} [{UniqueId}]";
}
