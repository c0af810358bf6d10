namespace EslKit;

/// <summary>
/// A value cannot be written into a command so that FreeSWITCH receives exactly that value. The message
/// names the field (a parameter, or a variable such as <c>sip_auth_password</c>) and the reason, and never
/// contains the value itself: values can be passwords, and exception messages end up in logs.
/// </summary>
public sealed class EslValueRejectedException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    /// <param name="field">The parameter or variable that was refused; never a value.</param>
    /// <param name="reason">Why it was refused.</param>
    public EslValueRejectedException(string field, EslRejectionReason reason)
        : base(Describe(field, reason))
    {
        Field = field;
        Reason = reason;
    }

    /// <summary>The parameter or variable that was refused, e.g. <c>password</c> or <c>legs[1].sip_auth_password</c>.</summary>
    public string Field { get; }

    /// <summary>Why it was refused.</summary>
    public EslRejectionReason Reason { get; }

    /// <summary>The refused field (the same as <see cref="Field"/>).</summary>
    public override string ParamName => Field;

    // The base class would append "(Parameter '…')"; the message already names the field.
    /// <inheritdoc />
    public override string Message => Describe(Field, Reason);

    private static string Describe(string field, EslRejectionReason reason) =>
        $"The value of '{field}' was refused: {Explain(reason)}.";

    /// <summary>Why <paramref name="reason"/> refuses a value, as the message says it.</summary>
    internal static string Explain(EslRejectionReason reason) => reason switch
    {
        EslRejectionReason.Empty => "it is empty",
        EslRejectionReason.LineBreak => "it contains a line break (CR or LF), which would end the command",
        EslRejectionReason.Nul => "it contains a NUL character, where FreeSWITCH would cut it",
        EslRejectionReason.ControlCharacter => "it contains a control character",
        EslRejectionReason.InvalidUnicode => "it contains an unpaired surrogate, which has no UTF-8 form",
        EslRejectionReason.Backslash => "it contains a backslash, which FreeSWITCH would take as an escape",
        EslRejectionReason.TooManyQuotes => "FreeSWITCH would strip a pair of single quotes (at most one ' per variable block or leg list)",
        EslRejectionReason.LeadingOrTrailingWhitespace => "it starts or ends with a space or TAB, which FreeSWITCH trims",
        EslRejectionReason.VariableExpansion => "it contains '${', which FreeSWITCH refuses or expands",
        EslRejectionReason.ModuleReload => "the command would contain 'unload'/'reload' and 'mod_event_socket', which FreeSWITCH rewrites into an unload/reload of mod_event_socket",
        EslRejectionReason.EnterpriseSeparator => "it contains ':_:', which splits an originate into enterprise legs",
        EslRejectionReason.ArrayPrefix => "it starts with 'ARRAY::', which FreeSWITCH turns into an array",
        EslRejectionReason.UnsupportedCharacter => "it contains a character this field cannot carry",
        EslRejectionReason.NoBlockCanCarry => "no variable block can carry it (it contains '{' or '}', '<' or '>', and '[', ']' or '|')",
        EslRejectionReason.ColonInSipCredential => "a SIP username or password cannot contain ':' (sofia-sip cuts user:password at the first colon)",
        EslRejectionReason.SipCredentialsTooLong => "the SIP user:password pair is longer than 256 bytes",
        EslRejectionReason.InvalidFormat => "it is not in the accepted form",
        EslRejectionReason.Reserved => "it is a word the command gives another meaning",
        EslRejectionReason.Duplicate => "it is set more than once",
        EslRejectionReason.OutOfRange => "it is out of range",
        EslRejectionReason.UuidSharedByLegs => "FreeSWITCH cannot give one origination_uuid to several legs (the next leg is refused as a duplicate UUID and the originate fails with DESTINATION_OUT_OF_ORDER); give each leg its own UUID with Leg(endpoint, uuid)",
        _ => "it cannot be written safely",
    };
}
