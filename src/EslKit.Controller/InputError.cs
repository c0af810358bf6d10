namespace EslKit.Controller;

/// <summary>Why the controller refused input (see <see cref="InputRejectedException"/>).</summary>
internal enum InputError
{
    /// <summary>A required value is missing or empty.</summary>
    Required = 1,

    /// <summary>Not in the accepted form (e.g. a proxy that is not host[:port], a caller ID that is not digits).</summary>
    InvalidFormat,

    /// <summary>Outside the allowed range (e.g. a concurrency limit above 50).</summary>
    OutOfRange,

    /// <summary>A SIP username or password contains <c>:</c> (sofia-sip cuts user:password at the first colon).</summary>
    ColonInSipCredential,

    /// <summary>The SIP user:password pair is longer than the 256 bytes sofia packs it into.</summary>
    SipCredentialsTooLong,

    /// <summary>FreeSWITCH cannot carry this value intact in an originate (see DESIGN.md §3 and <see cref="Detail"/>).</summary>
    CannotBeCarried,

    /// <summary>The tenant may not do this (e.g. override the caller ID, configure SIP on a trial account).</summary>
    NotAllowed,

    /// <summary>The object is not in a state that allows this (e.g. starting a cancelled campaign).</summary>
    InvalidState,

    /// <summary>The name is already taken.</summary>
    Duplicate,

    /// <summary>The upload is larger than allowed.</summary>
    TooLarge,

    /// <summary>An unknown time zone or region.</summary>
    UnknownZone,
}
