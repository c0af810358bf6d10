namespace EslKit.Testing;

/// <summary>
/// One event filter of a connection, as added with <c>filter &lt;Header&gt; &lt;value&gt;</c>. The value may
/// start with <c>+</c> (include, the default) or <c>-</c> (exclude); a value starting with <c>/</c> is a
/// regular expression; anything else is compared ignoring case.
/// </summary>
/// <param name="Header">The header name the filter looks at.</param>
/// <param name="Value">The value exactly as sent.</param>
public sealed record EslEmulatorFilter(string Header, string Value);
