using Microsoft.Extensions.Options;

namespace EslKit.Hosting;

/// <summary>
/// Runs one registration's options checks at start, so a bad configuration stops the host with a message
/// that names the configuration key and what it must be: <c>EslKit:Outbound:Port must be 0–65535 (0 picks a
/// free port); it is 70000.</c> The options themselves only know their own setting names
/// (<see cref="EslInvalidSettingException.Setting"/>); this validator knows the section they were bound from.
/// </summary>
/// <param name="optionsName">The options name this validator answers for (others are skipped).</param>
/// <param name="section">The configuration path bound to these options, or null when they were set in code only.</param>
/// <param name="owner">What to call the options when there is no section, e.g. <c>EslKit client 'node-b'</c>.</param>
/// <param name="validate">The options' own checks.</param>
internal sealed class EslOptionsValidator<TOptions>(string optionsName, string? section, string owner, Action<TOptions> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, optionsName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (EslInvalidSettingException ex)
        {
            // The messages name settings and show numbers and times only, never a password.
            return ValidateOptionsResult.Fail(string.IsNullOrEmpty(section) ? $"{owner}: {ex.Message}" : ex.MessageAt(section));
        }
    }
}
