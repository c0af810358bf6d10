namespace EslKit.Commands;

/// <summary>
/// mod_event_socket rewrites any packet whose header block contains "unload" or "reload" and also
/// "mod_event_socket" (ASCII case-insensitively, anywhere, values included) into
/// <c>api bgapi unload|reload mod_event_socket</c>. The words may come from different values, so a command
/// feeds every value it writes through one guard. The literals EslKit writes around values contain neither
/// word and are never letters or <c>_</c> where a value ends, so the values are all that can form them.
/// </summary>
internal struct EslHijackGuard
{
    private bool _reload;
    private bool _module;

    public void Add(EslTextTraits traits, string field)
    {
        _reload |= (traits & EslTextTraits.UnloadOrReload) != 0;
        _module |= (traits & EslTextTraits.ModEventSocket) != 0;
        if (_reload && _module)
        {
            throw new EslValueRejectedException(field, EslRejectionReason.ModuleReload);
        }
    }

    public void Add(string? value, string field)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Add(EslText.Inspect(value), field);
        }
    }
}
