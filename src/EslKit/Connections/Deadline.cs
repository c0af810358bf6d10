using System.Diagnostics;

namespace EslKit.Connections;

/// <summary>Time left of a budget that may be infinite (<see cref="Timeout.InfiniteTimeSpan"/>).</summary>
internal readonly struct Deadline(TimeSpan budget)
{
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>What is left (never negative), or infinite.</summary>
    public TimeSpan Left
    {
        get
        {
            if (budget == Timeout.InfiniteTimeSpan)
            {
                return Timeout.InfiniteTimeSpan;
            }

            var left = budget - Stopwatch.GetElapsedTime(_started);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// The one rule for timeout settings: positive (zero too when <paramref name="allowZero"/>: "do not wait")
    /// and no longer than .NET's timers accept, or <see cref="Timeout.InfiniteTimeSpan"/> for no limit.
    /// </summary>
    /// <exception cref="EslInvalidSettingException">Named after the setting, with the accepted range.</exception>
    public static void Validate(TimeSpan budget, string setting, bool allowZero = false)
    {
        var shortest = allowZero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(1);
        if (budget == Timeout.InfiniteTimeSpan || (budget >= shortest && budget <= SettingCheck.LongestWait))
        {
            return;
        }

        throw new EslInvalidSettingException(
            setting,
            $"must be between {SettingCheck.Show(shortest)} and {SettingCheck.Show(SettingCheck.LongestWait)}, or {SettingCheck.Show(Timeout.InfiniteTimeSpan)} for no limit",
            SettingCheck.Show(budget));
    }

    /// <summary>What is left, but at least <paramref name="minimum"/> (to give a last command its chance).</summary>
    public TimeSpan LeftAtLeast(TimeSpan minimum) => Left == Timeout.InfiniteTimeSpan || Left > minimum ? Left : minimum;
}
