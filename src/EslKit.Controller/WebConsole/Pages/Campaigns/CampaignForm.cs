using System.Globalization;
using EslKit.Controller.Campaigns;

namespace EslKit.Controller.WebConsole.Pages.Campaigns;

/// <summary>The new-campaign form: the campaign's settings and its numbers (pasted, or a CSV file).</summary>
internal sealed class CampaignForm
{
    public string? Name { get; set; }

    public int MaxAttempts { get; set; } = 3;

    /// <summary>The calling window's start, <c>HH:mm</c> (the callee's local time).</summary>
    public string WindowStart { get; set; } = "08:00";

    /// <summary>The calling window's end, <c>HH:mm</c>.</summary>
    public string WindowEnd { get; set; } = "21:00";

    public string TimeZone { get; set; } = "Asia/Kuala_Lumpur";

    public string? CallerId { get; set; }

    /// <summary>Pasted numbers, one per line (or CSV text).</summary>
    public string? Numbers { get; set; }

    /// <summary>A CSV file of numbers (used instead of <see cref="Numbers"/> when given).</summary>
    public IFormFile? File { get; set; }

    /// <summary>Import the valid numbers and leave the invalid lines out (after they were shown).</summary>
    public bool SkipInvalid { get; set; }

    /// <summary>The service's input for <paramref name="tenantId"/>.</summary>
    /// <exception cref="InputRejectedException">A window time that is not <c>HH:mm</c>.</exception>
    public NewCampaign ToNewCampaign(long tenantId) => new(
        tenantId,
        Name ?? "",
        MaxAttempts,
        null,
        new CallingWindow(Time(WindowStart, "windowStart"), Time(WindowEnd, "windowEnd")),
        TimeZone,
        null,
        string.IsNullOrWhiteSpace(CallerId) ? null : CallerId.Trim());

    private static TimeOnly Time(string? text, string field) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new InputRejectedException(field, InputError.InvalidFormat, "a time of day such as 08:00");
}
