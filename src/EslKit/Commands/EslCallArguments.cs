namespace EslKit.Commands;

/// <summary>
/// The arguments of the call-control applications and api commands (playback, bridge, transfer), checked
/// once for both ways of sending them: <c>sendmsg … execute</c> on a session and <c>uuid_*</c> over a client.
/// </summary>
internal static class EslCallArguments
{
    /// <summary>
    /// A file for the <c>playback</c> application, written as its whole argument (an ESL header value, taken
    /// literally): no line breaks or control characters, no leading/trailing blanks (FreeSWITCH trims them),
    /// no <c>${</c> (FreeSWITCH would expand it).
    /// </summary>
    public static string PlaybackFile(string? file, string field)
    {
        var traits = EslValues.Line(file, field, trimmedByFreeSwitch: true, allowEmpty: false);
        if ((traits & EslTextTraits.Control) != 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.ControlCharacter);
        }

        if ((traits & EslTextTraits.VariableExpansion) != 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.VariableExpansion);
        }

        var guard = default(EslHijackGuard);
        guard.Add(traits, field);
        return file!;
    }

    /// <summary>
    /// A dial string of validated endpoints (<see cref="EslEndpoint"/> cannot hold <c>|</c>, <c>,</c>,
    /// brackets, quotes, spaces or <c>$</c>), joined by <c>|</c> (one after another) or <c>,</c> (all at once).
    /// </summary>
    public static string DialString(IEnumerable<EslEndpoint> endpoints, EslLegMode mode, string field)
    {
        ArgumentNullException.ThrowIfNull(endpoints, field);
        if (!Enum.IsDefined(mode))
        {
            throw new EslValueRejectedException(nameof(mode), EslRejectionReason.OutOfRange);
        }

        var texts = new List<string>();
        foreach (var endpoint in endpoints)
        {
            texts.Add((endpoint ?? throw new EslValueRejectedException(field, EslRejectionReason.Empty)).Text);
        }

        if (texts.Count == 0)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.Empty);
        }

        return string.Join(mode == EslLegMode.Sequential ? '|' : ',', texts);
    }

    /// <summary>
    /// <c>&lt;extension&gt; [&lt;dialplan&gt; [&lt;context&gt;]]</c>, as the <c>transfer</c> application and
    /// <c>uuid_transfer</c> read them (split on spaces, positional). The extension is a word of letters, digits
    /// and <c>_ . + * # -</c> that does not start with <c>-</c> (<c>-bleg</c>/<c>-both</c> are flags there); a
    /// context needs a dialplan before it.
    /// </summary>
    public static string Transfer(string? extension, string? dialplan, string? context)
    {
        EslValues.Name(extension, nameof(extension), EslValues.ExtensionExtra);
        if (extension![0] == '-')
        {
            throw new EslValueRejectedException(nameof(extension), EslRejectionReason.Reserved);
        }

        var guard = default(EslHijackGuard);
        guard.Add(extension, nameof(extension));
        if (dialplan is null)
        {
            if (context is not null)
            {
                // Positional: the context is the third word, so the dialplan (usually XML) must come first.
                throw new EslValueRejectedException(nameof(dialplan), EslRejectionReason.Empty);
            }

            return extension;
        }

        EslValues.Name(dialplan, nameof(dialplan), EslValues.CommandNameExtra);
        guard.Add(dialplan, nameof(dialplan));
        if (context is null)
        {
            return $"{extension} {dialplan}";
        }

        EslValues.Name(context, nameof(context), EslValues.ProfileNameExtra);
        guard.Add(context, nameof(context));
        return $"{extension} {dialplan} {context}";
    }
}
