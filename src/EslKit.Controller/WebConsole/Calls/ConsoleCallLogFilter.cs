using System.Globalization;
using EslKit.Controller.Calls;

namespace EslKit.Controller.WebConsole.Calls;

/// <summary>
/// The call-log page's filter as its form sends it (every field optional): campaign, outcome, and a range of UTC
/// dates (from the start of <see cref="From"/> to the end of <see cref="To"/>).
/// </summary>
internal sealed class ConsoleCallLogFilter
{
    /// <summary>Only this campaign's attempts.</summary>
    public long? Campaign { get; set; }

    /// <summary><c>answered</c>, <c>unanswered</c>, <c>in_progress</c>, or empty for all.</summary>
    public string? Outcome { get; set; }

    /// <summary>First day (UTC), <c>yyyy-MM-dd</c>.</summary>
    public DateOnly? From { get; set; }

    /// <summary>Last day (UTC), <c>yyyy-MM-dd</c>.</summary>
    public DateOnly? To { get; set; }

    /// <summary>The search filter.</summary>
    /// <exception cref="InputRejectedException">An unknown outcome, a last day before the first, or a last day with no day after it.</exception>
    public CallLogFilter ToFilter()
    {
        CallOutcomeFilter? outcome = Outcome switch
        {
            null or "" => null,
            "answered" => CallOutcomeFilter.Answered,
            "unanswered" => CallOutcomeFilter.Unanswered,
            "in_progress" => CallOutcomeFilter.InProgress,
            _ => throw new InputRejectedException("outcome", InputError.InvalidFormat, "answered, unanswered or in progress"),
        };
        if (From is { } first && To is { } last && last < first)
        {
            throw new InputRejectedException("to", InputError.OutOfRange, "on or after the first day");
        }

        // The range ends at the start of the day after the last one, so the last day needs a day after it.
        if (To == DateOnly.MaxValue)
        {
            throw new InputRejectedException("to", InputError.OutOfRange, $"a day before {DateOnly.MaxValue.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        }

        return new CallLogFilter(
            Campaign,
            outcome,
            null,
            From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null);
    }

    /// <summary>The filter as query-string values (for links to other pages and the export).</summary>
    public Dictionary<string, string?> ToRouteValues() => new(StringComparer.Ordinal)
    {
        ["campaign"] = Campaign?.ToString(CultureInfo.InvariantCulture),
        ["outcome"] = string.IsNullOrEmpty(Outcome) ? null : Outcome,
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
