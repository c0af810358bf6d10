namespace EslKit.Testing.Internal;

/// <summary><c>switch_log_str2level</c>.</summary>
internal static class FsLogLevels
{
    public const int Invalid = 64;
    public const int Debug = 7;

    private static readonly string[] Levels = ["CONSOLE", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG"];

    public static int Parse(string text)
    {
        if (IsNumber(text))
        {
            int value = FsPacketParser.Atoi(text);
            return value > Invalid ? Invalid - 1 : value < 0 ? 0 : value;
        }

        int index = Array.FindIndex(Levels, l => string.Equals(l, text, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? Invalid : index;
    }

    // switch_is_number: an optional sign, then only digits and dots.
    private static bool IsNumber(string text)
    {
        var span = text.AsSpan();
        if (span.Length > 0 && (span[0] == '-' || span[0] == '+'))
        {
            span = span[1..];
        }

        foreach (char c in span)
        {
            if (c != '.' && (c < '0' || c > '9'))
            {
                return false;
            }
        }

        return true;
    }
}
