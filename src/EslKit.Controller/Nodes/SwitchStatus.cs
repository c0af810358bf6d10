using System.Globalization;
using System.Text.RegularExpressions;

namespace EslKit.Controller.Nodes;

/// <summary>
/// A node's session figures, from <c>api status</c> (fixtures/freeswitch-calls/gateway-status) or a HEARTBEAT
/// event (<c>Session-Count</c>, <c>Max-Sessions</c>, <c>Session-Per-Sec</c>).
/// </summary>
/// <param name="Sessions">Sessions up now.</param>
/// <param name="MaxSessions">The node's max-sessions.</param>
/// <param name="SessionsPerSecond">The node's sessions-per-second limit.</param>
internal readonly partial record struct SwitchStatus(int Sessions, int MaxSessions, int SessionsPerSecond)
{
    /// <summary>Reads <c>api status</c>'s text; null when it does not have the three figures.</summary>
    public static SwitchStatus? ParseStatus(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var current = CurrentSessions().Match(text);
        var perSecond = PerSecond().Match(text);
        var max = MaxLine().Match(text);
        return current.Success && perSecond.Success && max.Success
            ? new SwitchStatus(Number(current.Groups[1].Value), Number(max.Groups[1].Value), Number(perSecond.Groups[1].Value))
            : null;
    }

    /// <summary>Reads a HEARTBEAT's headers; null when one is missing or not a number.</summary>
    public static SwitchStatus? ParseHeartbeat(string? sessionCount, string? maxSessions, string? sessionsPerSecond) =>
        int.TryParse(sessionCount, NumberStyles.None, CultureInfo.InvariantCulture, out int sessions)
        && int.TryParse(maxSessions, NumberStyles.None, CultureInfo.InvariantCulture, out int max)
        && int.TryParse(sessionsPerSecond, NumberStyles.None, CultureInfo.InvariantCulture, out int sps)
            ? new SwitchStatus(sessions, max, sps)
            : null;

    private static int Number(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : int.MaxValue;

    // "0 session(s) - peak 2, last 5min 0"
    [GeneratedRegex(@"^(\d+) session\(s\) - peak", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CurrentSessions();

    // "0 session(s) per Sec out of max 1000, peak 2, last 5min 0"
    [GeneratedRegex(@"session\(s\) per Sec out of max (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex PerSecond();

    // "5000 session(s) max"
    [GeneratedRegex(@"^(\d+) session\(s\) max\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex MaxLine();
}
