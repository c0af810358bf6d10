using EslKit.Controller.Campaigns;

namespace EslKit.Controller.Tests.Campaigns;

/// <summary>
/// Whether a calling window is ever open in all of a number's zones at once (what decides skipped (window) at
/// import), on libphonenumber's real zone lists and on zones a known number of hours apart.
/// </summary>
public sealed class CallingWindowTests
{
    private static readonly DateTimeOffset March = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_russian_mobile_spans_ten_hours_of_zones_so_only_a_window_longer_than_that_ever_opens_everywhere()
    {
        var zones = ZonesOf("+79161234567");
        Assert.Contains(zones, z => z.Id == "Asia/Kamchatka");
        Assert.Contains(zones, z => z.Id == "Europe/Moscow");

        Assert.False(Window(9, 0, 17, 0).EverOpenInAll(zones, March));
        Assert.True(CallingWindow.Default.EverOpenInAll(zones, March)); // 08:00-21:00: open a few hours a day everywhere
    }

    [Fact]
    public void A_number_with_one_zone_or_none_is_always_callable_some_time()
    {
        Assert.True(Window(9, 0, 9, 1).EverOpenInAll(ZonesOf("+60123456789"), March));
        Assert.True(Window(9, 0, 9, 1).EverOpenInAll([], March));
    }

    [Fact]
    public void The_overlap_is_exact_to_the_second_and_windows_may_span_midnight()
    {
        var newYorkAndChicago = CallingWindow.FindZones(["America/New_York", "America/Chicago"]); // one hour apart all year
        Assert.False(Window(9, 0, 10, 0).EverOpenInAll(newYorkAndChicago, March));
        Assert.True(new CallingWindow(new TimeOnly(9, 0), new TimeOnly(10, 0, 1)).EverOpenInAll(newYorkAndChicago, March));

        var tokyoAndLondon = CallingWindow.FindZones(["Asia/Tokyo", "Europe/London"]); // 8 or 9 hours apart
        Assert.True(Window(22, 0, 8, 0).EverOpenInAll(tokyoAndLondon, March)); // 10 h across midnight: 1-2 h overlap
        Assert.False(Window(22, 0, 6, 0).EverOpenInAll(tokyoAndLondon, March)); // 8 h: in summer the two only touch (21:00 UTC), never overlap
    }

    [Fact]
    public void Daylight_saving_months_ahead_are_seen()
    {
        // Sydney and Brisbane are 1 h apart while Sydney keeps summer time (to April), and the same zone otherwise: a
        // one-hour window looked at in January is open everywhere in the southern winter.
        var sydneyAndBrisbane = CallingWindow.FindZones(["Australia/Sydney", "Australia/Brisbane"]);
        Assert.True(Window(9, 0, 10, 0).EverOpenInAll(sydneyAndBrisbane, new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero)));
    }

    private static CallingWindow Window(int startHour, int startMinute, int endHour, int endMinute) =>
        new(new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute));

    private static IReadOnlyList<TimeZoneInfo> ZonesOf(string number) =>
        CallingWindow.FindZones(PhoneNumberNormalizer.TryNormalize(number, "MY", out _)!.TimeZones);
}
