namespace EslKit;

/// <summary>FreeSWITCH refused the password (<c>auth</c>) or user credentials (<c>userauth</c>).</summary>
public sealed class EslAuthenticationException : EslException
{
    /// <summary>Creates the exception; <paramref name="replyText"/> is FreeSWITCH's answer (never the password).</summary>
    public EslAuthenticationException(string endpoint, string replyText)
        : base($"FreeSWITCH at {endpoint} refused authentication: {replyText}")
    {
        Endpoint = endpoint;
        ReplyText = replyText;
    }

    /// <summary>The host and port.</summary>
    public string Endpoint { get; }

    /// <summary>FreeSWITCH's reply, e.g. <c>-ERR invalid</c>.</summary>
    public string ReplyText { get; }
}
