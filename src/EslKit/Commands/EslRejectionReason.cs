namespace EslKit;

/// <summary>Why a value was refused (see <see cref="EslValueRejectedException"/>).</summary>
public enum EslRejectionReason
{
    /// <summary>A required value is empty, or a variable value is empty (FreeSWITCH drops <c>name=</c>).</summary>
    Empty = 1,

    /// <summary>CR or LF: the command line or header would end there and the rest become a new header or command.</summary>
    LineBreak,

    /// <summary>NUL: FreeSWITCH reads C strings and would cut the value there.</summary>
    Nul,

    /// <summary>A control character (other than TAB) in a value FreeSWITCH parses.</summary>
    ControlCharacter,

    /// <summary>An unpaired UTF-16 surrogate: it has no UTF-8 form, so it cannot arrive as it is.</summary>
    InvalidUnicode,

    /// <summary>A backslash in a value FreeSWITCH unescapes: it would be taken as an escape.</summary>
    Backslash,

    /// <summary>More than one <c>'</c> in a variable block or leg list: FreeSWITCH strips quote pairs whatever the escaping.</summary>
    TooManyQuotes,

    /// <summary>Leading or trailing space or TAB, which FreeSWITCH trims.</summary>
    LeadingOrTrailingWhitespace,

    /// <summary><c>${</c>: FreeSWITCH refuses such an originate variable, and expands it in application data.</summary>
    VariableExpansion,

    /// <summary>"unload" or "reload" together with "mod_event_socket": FreeSWITCH would rewrite the whole packet into an unload/reload of mod_event_socket.</summary>
    ModuleReload,

    /// <summary><c>:_:</c>: it switches originate into enterprise mode and splits the dial string there.</summary>
    EnterpriseSeparator,

    /// <summary>A variable value starting with <c>ARRAY::</c>: FreeSWITCH turns it into an array.</summary>
    ArrayPrefix,

    /// <summary>A character this slot cannot carry at all (e.g. <c>)</c> in an originate application's arguments, a space in a name).</summary>
    UnsupportedCharacter,

    /// <summary>The value contains closing or opening brackets of every variable block that could hold it.</summary>
    NoBlockCanCarry,

    /// <summary>A <c>:</c> in a SIP username or password: sofia-sip cuts <c>user:password</c> at the first colon.</summary>
    ColonInSipCredential,

    /// <summary>A SIP <c>user:password</c> pair longer than 256 bytes, the buffer sofia packs it into.</summary>
    SipCredentialsTooLong,

    /// <summary>Not in the accepted form (a number, host, port, name, URL …).</summary>
    InvalidFormat,

    /// <summary>A word the command gives another meaning (e.g. <c>undef</c> as an originate argument, <c>all</c> as a filter header).</summary>
    Reserved,

    /// <summary>The same variable or header is set twice.</summary>
    Duplicate,

    /// <summary>A number outside the range FreeSWITCH accepts.</summary>
    OutOfRange,

    /// <summary>
    /// One <c>origination_uuid</c> for several legs: FreeSWITCH creates the next leg with the same UUID while the
    /// first still exists ("Duplicate UUID!"), so that leg is never dialled and the originate answers
    /// <c>-ERR DESTINATION_OUT_OF_ORDER</c>. Each leg needs its own UUID.
    /// </summary>
    UuidSharedByLegs,
}
