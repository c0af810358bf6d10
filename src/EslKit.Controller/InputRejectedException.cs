namespace EslKit.Controller;

/// <summary>
/// Input the controller refuses, naming the field and the reason — never the value, which may be a password
/// (these messages reach logs and HTTP problem responses). Thrown before anything is written.
/// </summary>
internal sealed class InputRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The field, e.g. <c>sipPassword</c>; never a value.</param>
    /// <param name="error">Why.</param>
    /// <param name="detail">A value-free explanation, e.g. the EslKit rejection reason.</param>
    public InputRejectedException(string field, InputError error, string? detail = null)
        : base(Describe(field, error, detail))
    {
        Field = field;
        Error = error;
        Detail = detail;
    }

    /// <summary>The refused field.</summary>
    public string Field { get; }

    /// <summary>Why it was refused.</summary>
    public InputError Error { get; }

    /// <summary>More about why, without the value.</summary>
    public string? Detail { get; }

    private static string Describe(string field, InputError error, string? detail)
    {
        string why = error switch
        {
            InputError.Required => "it is required",
            InputError.InvalidFormat => "it is not in the accepted form",
            InputError.OutOfRange => "it is out of range",
            InputError.ColonInSipCredential => "a SIP username or password cannot contain ':' (sofia-sip cuts user:password at the first colon)",
            InputError.SipCredentialsTooLong => "the SIP username and password together are longer than 256 bytes",
            InputError.CannotBeCarried => "FreeSWITCH cannot carry this value intact",
            InputError.NotAllowed => "this is not allowed for the account",
            InputError.InvalidState => "not allowed in the current state",
            InputError.Duplicate => "it is already taken",
            InputError.TooLarge => "it is too large",
            InputError.UnknownZone => "it is not a known time zone or region",
            _ => "it was refused",
        };
        return detail is null ? $"'{field}' was refused: {why}." : $"'{field}' was refused: {why} ({detail}).";
    }
}
