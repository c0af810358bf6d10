using System.ComponentModel;
using EslKit.Controller.Calls;

namespace EslKit.Controller.Api.CallLogs;

/// <summary>The query string of the call-log endpoints (every parameter optional).</summary>
internal sealed class CallLogQuery
{
    /// <summary>Only this campaign's attempts.</summary>
    [Description("Only this campaign's attempts.")]
    public long? CampaignId { get; init; }

    /// <summary><c>answered</c>, <c>unanswered</c> or <c>in_progress</c>.</summary>
    [Description("answered, unanswered or in_progress.")]
    public string? Outcome { get; init; }

    /// <summary>Only attempts that ended with this FreeSWITCH hangup cause, e.g. <c>USER_BUSY</c>.</summary>
    [Description("Only attempts that ended with this hangup cause, e.g. USER_BUSY.")]
    public string? HangupCause { get; init; }

    /// <summary>Only attempts created at or after this time (ISO 8601).</summary>
    [Description("Only attempts created at or after this time (ISO 8601, e.g. 2026-03-02T00:00:00Z).")]
    public DateTimeOffset? From { get; init; }

    /// <summary>Only attempts created before this time (ISO 8601).</summary>
    [Description("Only attempts created before this time (ISO 8601).")]
    public DateTimeOffset? To { get; init; }

    /// <summary>Rows per page (1 to Api:MaxPageSize, default 100); not used by the export.</summary>
    [Description("Rows per page (1 to Api:MaxPageSize, default 100); the export ignores it.")]
    public int? Limit { get; init; }

    /// <summary>The previous page's <c>nextCursor</c>; not used by the export.</summary>
    [Description("The previous page's nextCursor; the export ignores it.")]
    public string? Cursor { get; init; }

    /// <summary>The filter these parameters describe.</summary>
    /// <exception cref="InputRejectedException">An unknown outcome, a malformed cause, or an empty time range.</exception>
    public CallLogFilter ToFilter()
    {
        CallOutcomeFilter? outcome = Outcome switch
        {
            null => null,
            "answered" => CallOutcomeFilter.Answered,
            "unanswered" => CallOutcomeFilter.Unanswered,
            "in_progress" => CallOutcomeFilter.InProgress,
            _ => throw new InputRejectedException("outcome", InputError.InvalidFormat, "answered, unanswered or in_progress"),
        };
        if (HangupCause is not null && (HangupCause.Length is 0 or > 64 || !HangupCause.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_')))
        {
            throw new InputRejectedException("hangupCause", InputError.InvalidFormat, "a FreeSWITCH cause name such as USER_BUSY");
        }

        if (From is { } from && To is { } to && to <= from)
        {
            throw new InputRejectedException("to", InputError.OutOfRange, "after 'from'");
        }

        return new CallLogFilter(CampaignId, outcome, HangupCause, From, To);
    }

    /// <summary>The page size.</summary>
    /// <exception cref="InputRejectedException">Outside 1 to <paramref name="max"/>.</exception>
    public int PageSize(int max) =>
        Limit is null ? Math.Min(100, max)
        : Limit >= 1 && Limit <= max ? Limit.Value
        : throw new InputRejectedException("limit", InputError.OutOfRange, $"1 to {max}");
}
