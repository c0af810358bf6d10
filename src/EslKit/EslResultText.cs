namespace EslKit;

/// <summary>How FreeSWITCH marks an error in command output.</summary>
internal static class EslResultText
{
    public static bool IsError(string text) =>
        text.StartsWith("-ERR", StringComparison.Ordinal) || text.StartsWith("-USAGE", StringComparison.Ordinal);
}
