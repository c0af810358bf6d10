using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EslKit.Controller.WebConsole;

/// <summary>
/// A console form's values that model binding could not read (<c>MaxAttempts=abc</c>, <c>from=2024-02-30</c>), as the
/// API names a refused field: the field and the reason, never the value (the framework's own message repeats it).
/// </summary>
internal static class ConsoleModelErrors
{
    /// <summary>The first unreadable field's refusal ("'maxAttempts' was refused: …"), or null when every value was read.</summary>
    public static string? First(ModelStateDictionary modelState)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        if (modelState.IsValid)
        {
            return null;
        }

        foreach (var (key, entry) in modelState)
        {
            if (entry.ValidationState == ModelValidationState.Invalid)
            {
                return new InputRejectedException(FieldName(key), InputError.InvalidFormat).Message;
            }
        }

        return null;
    }

    // "Input.MaxAttempts" → "maxAttempts", "from" → "from": the name the API would use.
    private static string FieldName(string key)
    {
        string last = key[(key.LastIndexOf('.') + 1)..];
        return last.Length == 0 ? "form" : char.ToLowerInvariant(last[0]) + last[1..];
    }
}
