namespace EslKit.Controller;

/// <summary>Options classes that check themselves by throwing, used from <c>OptionsBuilder.Validate</c>.</summary>
internal static class OptionsCheck
{
    /// <summary>Whether <paramref name="validate"/> returns without an <see cref="ArgumentException"/>.</summary>
    public static bool Passes(Action validate)
    {
        try
        {
            validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
