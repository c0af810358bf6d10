namespace EslKit.Controller.Api.Problems;

/// <summary>
/// The <c>type</c> URIs of the API's problem details (RFC 9457, formerly 7807), documented in docs/controller.md.
/// Problems the framework raises itself (a body that is not JSON, a wrong method) keep ASP.NET Core's RFC 9110 types.
/// </summary>
internal static class ProblemTypes
{
    /// <summary>A value was refused (400); <c>errors</c> names the field and the reason, never the value.</summary>
    public const string InvalidInput = "urn:eslkit:problem:invalid-input";

    /// <summary>The account may not do this (422), e.g. a trial tenant's SIP settings or caller ID override.</summary>
    public const string NotAllowed = "urn:eslkit:problem:not-allowed";

    /// <summary>The object is not in a state that allows this, or the name is taken (409).</summary>
    public const string Conflict = "urn:eslkit:problem:conflict";

    /// <summary>A pro tenant's campaign cannot start without SIP settings (409).</summary>
    public const string SipConfigurationRequired = "urn:eslkit:problem:sip-configuration-required";

    /// <summary>Some uploaded numbers are not valid (422); <c>rejected</c> lists line and reason; nothing was imported.</summary>
    public const string InvalidNumbers = "urn:eslkit:problem:invalid-numbers";

    /// <summary>No such object for this caller (404) — also another tenant's.</summary>
    public const string NotFound = "urn:eslkit:problem:not-found";

    /// <summary>The request body is larger than allowed (413).</summary>
    public const string TooLarge = "urn:eslkit:problem:too-large";

    /// <summary>The body is not in a form this endpoint reads (400 malformed, 415 unsupported type).</summary>
    public const string MalformedBody = "urn:eslkit:problem:malformed-body";

    /// <summary>No API key, or not a valid one (401).</summary>
    public const string Unauthorized = "urn:eslkit:problem:unauthorized";

    /// <summary>A valid key of the wrong kind: a tenant key on an admin endpoint or the reverse (403).</summary>
    public const string Forbidden = "urn:eslkit:problem:forbidden";

    /// <summary>The key's request budget is spent (429); Retry-After says when to come back.</summary>
    public const string RateLimited = "urn:eslkit:problem:rate-limited";
}
