using Microsoft.Extensions.Options;

namespace EslKit.Hosting;

/// <summary>Runs the options' own checks at start, so a bad configuration stops the host with a clear message.</summary>
internal sealed class EslOptionsValidator : IValidateOptions<EslClientOptions>, IValidateOptions<EslOutboundServerOptions>
{
    public ValidateOptionsResult Validate(string? name, EslClientOptions options) => Check(name, options.Validate);

    public ValidateOptionsResult Validate(string? name, EslOutboundServerOptions options) => Check(name, options.Validate);

    private static ValidateOptionsResult Check(string? name, Action validate)
    {
        try
        {
            validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            // The options' messages name the setting, never a password.
            return ValidateOptionsResult.Fail($"EslKit options{(string.IsNullOrEmpty(name) ? string.Empty : " '" + name + "'")}: {ex.Message}");
        }
    }
}
