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
    /// The one rule for timeout settings: positive or <see cref="Timeout.InfiniteTimeSpan"/> (zero too when
    /// <paramref name="allowZero"/>: "do not wait").
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Named after the setting.</exception>
    public static void Validate(TimeSpan budget, string setting, bool allowZero = false)
    {
        if (budget == Timeout.InfiniteTimeSpan || budget > TimeSpan.Zero || (allowZero && budget == TimeSpan.Zero))
        {
            return;
        }

        throw new ArgumentOutOfRangeException(setting, budget, allowZero ? "Timeouts must not be negative." : "Timeouts must be positive.");
    }

    /// <summary>What is left, but at least <paramref name="minimum"/> (to give a last command its chance).</summary>
    public TimeSpan LeftAtLeast(TimeSpan minimum) => Left == Timeout.InfiniteTimeSpan || Left > minimum ? Left : minimum;
}
