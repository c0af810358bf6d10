namespace EslKit.Testing;

/// <summary>
/// A SIP server the emulated switch can reach directly (<c>sofia/&lt;profile&gt;/&lt;number&gt;@host[:port]</c>), e.g. a pro
/// tenant's proxy. With accounts it challenges every call and accepts only the per-call digest credentials
/// (<c>sip_auth_username</c>/<c>sip_auth_password</c>) of an account: a wrong password gives <c>CALL_REJECTED</c>, and a
/// password containing <c>:</c> never authenticates (sofia-sip cuts <c>user:password</c> at the first colon), as the
/// captures show. A host that is not added is unreachable (see <see cref="EslEmulatorCalls.UnreachableHostsRefuse"/>).
/// </summary>
public sealed class EslEmulatorSipHost
{
    private readonly Dictionary<string, string> _accounts = new(StringComparer.Ordinal);

    /// <summary>A host, as it appears after <c>@</c> in the endpoint: <c>host</c> or <c>host:port</c>.</summary>
    public EslEmulatorSipHost(string hostAndPort)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostAndPort);
        HostAndPort = hostAndPort;
    }

    /// <summary>The host as dialled.</summary>
    public string HostAndPort { get; }

    /// <summary>True when it asks for digest credentials (it has accounts).</summary>
    public bool RequiresAuthentication => _accounts.Count > 0;

    /// <summary>Adds a digest account (username → password).</summary>
    public EslEmulatorSipHost AddAccount(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        _accounts[username] = password;
        return this;
    }

    /// <summary>
    /// Whether the far end accepts these credentials: sofia-sip sends <c>user:password</c> and the server splits it at the
    /// first colon, so a username or password with <c>:</c> never matches.
    /// </summary>
    internal bool Accepts(string? username, string? password)
    {
        if (!RequiresAuthentication)
        {
            return true;
        }

        if (username is null || password is null)
        {
            return false;
        }

        string pair = username + ":" + password;
        int colon = pair.IndexOf(':', StringComparison.Ordinal);
        string user = pair[..colon];
        string pass = pair[(colon + 1)..];
        int second = pass.IndexOf(':', StringComparison.Ordinal);
        if (second >= 0)
        {
            pass = pass[..second]; // what arrives is cut at the next colon
        }

        return user == username && pass == password && _accounts.TryGetValue(user, out string? expected) && expected == pass;
    }

    /// <summary>The host and whether it authenticates; never the accounts' passwords.</summary>
    public override string ToString() => $"{HostAndPort}{(RequiresAuthentication ? $" ({_accounts.Count} account(s))" : string.Empty)}";
}
