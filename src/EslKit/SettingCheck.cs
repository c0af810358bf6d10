using System.Globalization;

namespace EslKit;

/// <summary>
/// The rules options are checked with. Each throws <see cref="EslInvalidSettingException"/> naming the setting,
/// what it must be and (for numbers, times and enumerations) what it is.
/// </summary>
internal static class SettingCheck
{
    /// <summary>The longest wait .NET's timers accept (<see cref="uint.MaxValue"/> − 1 ms, about 49.7 days).</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    public static void AtLeast(int value, int minimum, string setting)
    {
        if (value < minimum)
        {
            throw new EslInvalidSettingException(setting, $"must be at least {minimum.ToString(CultureInfo.InvariantCulture)}", Show(value));
        }
    }

    public static void Port(int value, string setting, bool allowZero)
    {
        if (value < (allowZero ? 0 : 1) || value > 65535)
        {
            throw new EslInvalidSettingException(setting, allowZero ? "must be 0–65535 (0 picks a free port)" : "must be 1–65535", Show(value));
        }
    }

    /// <summary>A number from <paramref name="minimum"/> to <paramref name="maximum"/> (NaN refused).</summary>
    public static void Between(double value, double minimum, double maximum, string setting)
    {
        if (!(value >= minimum && value <= maximum))
        {
            throw new EslInvalidSettingException(setting, $"must be a number from {Show(minimum)} to {Show(maximum)}", Show(value));
        }
    }

    /// <summary>A delay (zero allowed, never infinite) of at least <paramref name="minimum"/>, named <paramref name="minimumName"/> when it is another setting.</summary>
    public static void Delay(TimeSpan value, string setting, TimeSpan minimum, string? minimumName = null)
    {
        if (value < minimum || value > LongestWait)
        {
            string requirement = minimumName is null
                ? $"must be between {Show(minimum)} and {Show(LongestWait)}"
                : $"must be at least {minimumName} ({Show(minimum)}) and at most {Show(LongestWait)}";
            throw new EslInvalidSettingException(setting, requirement, Show(value));
        }
    }

    public static void Defined<TEnum>(TEnum value, string setting)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            string[] names = Enum.GetNames<TEnum>();
            string choices = names.Length == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
            throw new EslInvalidSettingException(setting, $"must be {choices}", Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }
    }

    public static T Required<T>(T? value, string setting)
        where T : class => value ?? throw new EslInvalidSettingException(setting, "must be set");

    /// <summary>Runs a part's own checks, reporting its settings under <paramref name="part"/> (<c>Reconnect:MaxDelay</c>).</summary>
    public static void Part(string part, Action validate)
    {
        try
        {
            validate();
        }
        catch (EslInvalidSettingException ex)
        {
            throw ex.Within(part);
        }
    }

    /// <summary>A time as configuration writes it (<c>00:00:30</c>, <c>-00:00:00.001</c>), without trailing zeros.</summary>
    public static string Show(TimeSpan value)
    {
        string text = value.ToString("c", CultureInfo.InvariantCulture);
        int dot = text.IndexOf('.', text.LastIndexOf(':') + 1);
        return dot < 0 ? text : text.TrimEnd('0').TrimEnd('.');
    }

    public static string Show(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
