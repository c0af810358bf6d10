using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Protocol;

namespace EslKit.Controller.Calls;

/// <summary>
/// Reads an attempt's end from CHANNEL_HANGUP_COMPLETE as FreeSWITCH reports it (fixtures/freeswitch-calls:
/// call-outcomes, call-socket-session, call-socket-session-inbound): <c>Hangup-Cause</c>, <c>variable_duration</c>,
/// <c>variable_billsec</c>, <c>variable_answer_uepoch</c> (0 when never answered), <c>variable_end_uepoch</c>,
/// <c>variable_sip_term_status</c>, and our <c>variable_eslkit_*</c>.
/// </summary>
internal static class CallEndReader
{
    // Longer values are not ours to read: a cause, a SIP status or a number is a few bytes.
    private const int MaxValueBytes = 64;

    private static readonly long MaxMicroseconds = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / 10;

    /// <summary>The end the event reports, or null when it is not one of our channels.</summary>
    public static CallEnd? Read(EslEvent hangupComplete, string? node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hangupComplete);
        if (!CallIdentity.TryRead(hangupComplete, out var call))
        {
            return null;
        }

        var e = hangupComplete;
        string cause = HangupCauses.Normalize(e["Hangup-Cause"] ?? e["variable_hangup_cause"]);
        return new CallEnd(
            call.CallId,
            call.Attempt,
            e.UniqueId,
            Microseconds(e["variable_answer_uepoch"]),
            Microseconds(e["variable_end_uepoch"]) ?? Microseconds(e["Event-Date-Timestamp"]) ?? now,
            Seconds(e["variable_duration"]),
            Seconds(e["variable_billsec"]),
            cause,
            string.IsNullOrEmpty(e["variable_sip_term_status"]) ? null : e["variable_sip_term_status"],
            node);
    }

    /// <summary>
    /// The end <paramref name="hangupComplete"/> reports, read straight from the received bytes on the client's read
    /// loop (as <see cref="Read(EslEvent, string?, DateTimeOffset)"/> reads a materialised event, with the same result):
    /// every instance hears every call's end, so the event is never copied; only the end is allocated.
    /// </summary>
    /// <returns>False when it is not one of our channels.</returns>
    public static bool TryRead(ref EslEventView hangupComplete, string? node, DateTimeOffset now, [NotNullWhen(true)] out CallEnd? end)
    {
        end = null;
        Span<byte> text = stackalloc byte[MaxValueBytes];
        if (!hangupComplete.TryGetGuid("variable_eslkit_call_id"u8, out var callId)
            || !TryNumber(ref hangupComplete, "variable_eslkit_attempt"u8, text, out long attempt) || attempt is < 1 or > int.MaxValue
            || !TryNumber(ref hangupComplete, "variable_eslkit_tenant"u8, text, out _))
        {
            return false;
        }

        string? cause = Value(ref hangupComplete, "Hangup-Cause"u8, text) ?? Value(ref hangupComplete, "variable_hangup_cause"u8, text);
        string? sipStatus = Value(ref hangupComplete, "variable_sip_term_status"u8, text);
        end = new CallEnd(
            callId,
            (int)attempt,
            hangupComplete.TryGetUniqueId(out var leg) ? leg : null,
            Microseconds(ref hangupComplete, "variable_answer_uepoch"u8, text),
            Microseconds(ref hangupComplete, "variable_end_uepoch"u8, text) ?? Microseconds(ref hangupComplete, "Event-Date-Timestamp"u8, text) ?? now,
            TryNumber(ref hangupComplete, "variable_duration"u8, text, out long duration) && duration <= int.MaxValue ? (int)duration : 0,
            TryNumber(ref hangupComplete, "variable_billsec"u8, text, out long billsec) && billsec <= int.MaxValue ? (int)billsec : 0,
            HangupCauses.Normalize(cause),
            string.IsNullOrEmpty(sipStatus) ? null : sipStatus,
            node);
        return true;
    }

    private static string? Value(ref EslEventView e, ReadOnlySpan<byte> name, scoped Span<byte> buffer) =>
        e.TryGetRawValue(name, out var raw) && raw.Length <= buffer.Length ? Encoding.UTF8.GetString(buffer[..e.DecodeValue(raw, buffer)]) : null;

    // Digits only, as int.TryParse with NumberStyles.None reads them from the materialised event.
    private static bool TryNumber(ref EslEventView e, ReadOnlySpan<byte> name, scoped Span<byte> buffer, out long value)
    {
        value = 0;
        if (!e.TryGetRawValue(name, out var raw) || raw.Length > buffer.Length)
        {
            return false;
        }

        var digits = buffer[..e.DecodeValue(raw, buffer)];
        return digits.Length > 0 && digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
            && Utf8Parser.TryParse(digits, out value, out int consumed) && consumed == digits.Length;
    }

    private static DateTimeOffset? Microseconds(ref EslEventView e, ReadOnlySpan<byte> name, scoped Span<byte> buffer) =>
        TryNumber(ref e, name, buffer, out long us) ? FromMicroseconds(us) : null;

    private static DateTimeOffset? Microseconds(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long us) ? FromMicroseconds(us) : null;

    // Microseconds since the epoch (FreeSWITCH's *_uepoch); 0 (never happened) and values past the calendar are none.
    private static DateTimeOffset? FromMicroseconds(long us) =>
        us > 0 && us <= MaxMicroseconds ? DateTimeOffset.UnixEpoch.AddTicks(us * 10) : null;

    private static int Seconds(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) ? seconds : 0;
}
