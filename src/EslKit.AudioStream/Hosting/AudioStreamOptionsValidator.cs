using Microsoft.Extensions.Options;

namespace EslKit.AudioStream.Hosting;

/// <summary>Reports an out-of-range <see cref="AudioStreamOptions"/> setting at start-up, naming it.</summary>
internal sealed class AudioStreamOptionsValidator : IValidateOptions<AudioStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, AudioStreamOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
