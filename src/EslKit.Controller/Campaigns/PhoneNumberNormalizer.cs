using System.Collections.Concurrent;
using PhoneNumbers;

namespace EslKit.Controller.Campaigns;

/// <summary>
/// Validates and normalises numbers with libphonenumber: parsed with a default region (for numbers written
/// without a country code), checked valid, written as E.164 digits without <c>+</c> (what the dial string and
/// the database hold), with the callee's time zones from <see cref="PhoneNumberToTimeZonesMapper"/>.
/// </summary>
internal static class PhoneNumberNormalizer
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper Zones = PhoneNumberToTimeZonesMapper.GetInstance();
    private static readonly ConcurrentDictionary<string, string[]> ZoneLists = new(StringComparer.Ordinal);

    /// <summary>Normalises <paramref name="text"/>, or returns null with the reason it is refused.</summary>
    public static NormalizedNumber? TryNormalize(string? text, string defaultRegion, out string? reason)
    {
        reason = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "empty";
            return null;
        }

        if (text.Length > 64)
        {
            reason = "too long to be a phone number";
            return null;
        }

        PhoneNumber number;
        try
        {
            number = Util.Parse(text, defaultRegion);
        }
        catch (NumberParseException ex)
        {
            reason = ex.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => "no valid country code",
                ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD => "too short",
                ErrorType.TOO_LONG => "too long",
                _ => "not a phone number",
            };
            return null;
        }

        if (!Util.IsValidNumber(number))
        {
            reason = "not a valid number for its country";
            return null;
        }

        string e164 = Util.Format(number, PhoneNumberFormat.E164);
        var zones = Zones.GetTimeZonesForNumber(number);
        string key = string.Join('\n', zones);
        string[] known = ZoneLists.GetOrAdd(key, static (_, z) => [.. z.Where(n => n != Zones.GetUnknownTimeZone())], zones);
        return new NormalizedNumber(e164[1..], known);
    }
}
