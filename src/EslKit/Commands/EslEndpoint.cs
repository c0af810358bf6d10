namespace EslKit;

/// <summary>
/// Where one originate leg goes: <c>sofia/gateway/&lt;gateway&gt;/&lt;number&gt;</c>,
/// <c>sofia/&lt;profile&gt;/&lt;number&gt;@&lt;host[:port]&gt;</c>, <c>loopback/&lt;extension&gt;[/&lt;context&gt;[/&lt;dialplan&gt;]]</c>
/// or <c>user/&lt;user&gt;[@&lt;domain&gt;]</c>. Every part is validated (a number is an optional <c>+</c> and
/// digits, a host is a DNS name or IPv4 address with an optional port), so an endpoint can never contain
/// the <c>|</c>, <c>,</c>, brackets, quotes or spaces that structure an originate.
/// </summary>
public sealed class EslEndpoint
{
    private readonly string _text;

    private EslEndpoint(string text) => _text = text;

    /// <summary>Through a sofia gateway: <c>sofia/gateway/&lt;gateway&gt;/&lt;number&gt;</c>.</summary>
    /// <param name="gateway">The gateway's name (ASCII letters, digits, <c>_ . -</c>).</param>
    /// <param name="number">The number to dial: an optional <c>+</c> and digits.</param>
    public static EslEndpoint Gateway(string gateway, string number) => Gateway(gateway, number, "endpoint");

    /// <summary>Straight to a SIP host from a sofia profile: <c>sofia/&lt;profile&gt;/&lt;number&gt;@&lt;host[:port]&gt;</c>.</summary>
    /// <param name="profile">The sofia profile (not <c>gateway</c>).</param>
    /// <param name="number">The number to dial: an optional <c>+</c> and digits.</param>
    /// <param name="host">A DNS name or IPv4 address, with an optional <c>:port</c>.</param>
    public static EslEndpoint Sofia(string profile, string number, string host) => Sofia(profile, number, host, "endpoint");

    /// <summary>Into the dialplan again: <c>loopback/&lt;extension&gt;[/&lt;context&gt;[/&lt;dialplan&gt;]]</c>.</summary>
    /// <param name="extension">The extension (letters, digits, <c>_ . + * # -</c>).</param>
    /// <param name="context">The dialplan context, or null for the default.</param>
    /// <param name="dialplan">The dialplan (needs a context), or null for the default.</param>
    public static EslEndpoint Loopback(string extension, string? context = null, string? dialplan = null)
    {
        const string field = "endpoint";
        EslValues.Name(extension, field, EslValues.ExtensionExtra);
        if (context is not null)
        {
            EslValues.Name(context, field, EslValues.ProfileNameExtra);
        }

        if (dialplan is not null)
        {
            EslValues.Name(dialplan, field, EslValues.CommandNameExtra);
            if (context is null)
            {
                throw new EslValueRejectedException(field, EslRejectionReason.InvalidFormat);
            }
        }

        return new EslEndpoint(context is null ? $"loopback/{extension}" : dialplan is null ? $"loopback/{extension}/{context}" : $"loopback/{extension}/{context}/{dialplan}");
    }

    /// <summary>A registered user from the directory: <c>user/&lt;user&gt;[@&lt;domain&gt;]</c>.</summary>
    /// <param name="user">The user (letters, digits, <c>_ . + -</c>).</param>
    /// <param name="domain">The directory domain (a DNS name or IPv4 address), or null for the default.</param>
    public static EslEndpoint User(string user, string? domain = null)
    {
        const string field = "endpoint";
        EslValues.Name(user, field, EslValues.UserExtra);
        if (domain is not null)
        {
            EslValues.Host(domain, field, allowPort: false);
        }

        return new EslEndpoint(domain is null ? $"user/{user}" : $"user/{user}@{domain}");
    }

    /// <summary>
    /// Reads an endpoint written in one of the four forms, validating every part (for specifications
    /// read from files, such as <c>eslkit originate</c>'s).
    /// </summary>
    /// <param name="text">E.g. <c>sofia/gateway/trunk/60123456789</c>.</param>
    /// <param name="field">The name to give the endpoint in an error.</param>
    /// <exception cref="EslValueRejectedException">Not one of the forms, or a part is invalid.</exception>
    public static EslEndpoint Parse(string text, string field = "endpoint")
    {
        EslValues.NotNull(text, field);
        var parts = text.Split('/');
        switch (parts[0])
        {
            case "sofia" when parts.Length == 4 && parts[1] == "gateway":
                return Gateway(parts[2], parts[3], field);
            case "sofia" when parts.Length == 3 && parts[2].IndexOf('@') is var at and > 0:
                return Sofia(parts[1], parts[2][..at], parts[2][(at + 1)..], field);
            case "loopback" when parts.Length is >= 2 and <= 4:
                return Rethrow(field, () => Loopback(parts[1], parts.Length > 2 ? parts[2] : null, parts.Length > 3 ? parts[3] : null));
            case "user" when parts.Length == 2:
                int userAt = parts[1].IndexOf('@');
                return Rethrow(field, () => userAt < 0 ? User(parts[1]) : User(parts[1][..userAt], parts[1][(userAt + 1)..]));
            default:
                throw new EslValueRejectedException(field, text.Length == 0 ? EslRejectionReason.Empty : EslRejectionReason.InvalidFormat);
        }
    }

    /// <summary>The endpoint as written into the dial string (it holds no secrets).</summary>
    public override string ToString() => _text;

    internal string Text => _text;

    private static EslEndpoint Gateway(string gateway, string number, string field)
    {
        EslValues.Name(gateway, field, EslValues.ProfileNameExtra);
        EslValues.Number(number, field);
        return new EslEndpoint($"sofia/gateway/{gateway}/{number}");
    }

    private static EslEndpoint Sofia(string profile, string number, string host, string field)
    {
        EslValues.Name(profile, field, EslValues.ProfileNameExtra);
        EslValues.NotReserved(profile, field, "gateway");
        EslValues.Number(number, field);
        EslValues.Host(host, field);
        return new EslEndpoint($"sofia/{profile}/{number}@{host}");
    }

    private static EslEndpoint Rethrow(string field, Func<EslEndpoint> create)
    {
        try
        {
            return create();
        }
        catch (EslValueRejectedException ex) when (ex.Field != field)
        {
            throw new EslValueRejectedException(field, ex.Reason);
        }
    }
}
