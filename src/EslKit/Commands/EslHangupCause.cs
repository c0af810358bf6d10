using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EslKit;

/// <summary>
/// Why a call ended, as FreeSWITCH names it (<c>Hangup-Cause</c>, <c>uuid_kill &lt;uuid&gt; &lt;cause&gt;</c>,
/// <c>-ERR USER_BUSY</c>): the known causes are static properties with FreeSWITCH's numbers (its
/// <c>switch_call_cause_t</c>: the Q.850 codes up to 127, its own above), and a name FreeSWITCH adds later is
/// kept as it is, so nothing is lost when reading events from a newer switch. Causes compare by name;
/// <see cref="ToString"/> is the name. Every cause is a word of upper-case ASCII letters, digits and
/// <c>_</c>, so it can always be written into a command.
/// </summary>
/// <remarks>
/// FreeSWITCH 1.10.8 renumbered its own causes (those above 127) from 500–613 to 700–825; <see cref="Code"/>
/// holds the current numbers. FreeSWITCH hangs up with <c>NORMAL_CLEARING</c> when it is given a name it does
/// not know.
/// </remarks>
[DebuggerDisplay("{Name,nq}")]
public sealed class EslHangupCause : IEquatable<EslHangupCause>, IParsable<EslHangupCause>
{
    // The longest name FreeSWITCH has is 30 characters; anything far longer is not a cause.
    private const int MaxNameLength = 64;

    // Filled by the known causes below as they are created (static initialisers run in order).
    private static readonly List<EslHangupCause> KnownCauses = [];

    private EslHangupCause(string name, int code)
    {
        Name = name;
        Code = code;
        IsKnown = true;
        KnownCauses.Add(this);
    }

    private EslHangupCause(string name, int? code, bool known)
    {
        Name = name;
        Code = code;
        IsKnown = known;
    }

    /// <summary><c>NONE</c> (0): no cause set.</summary>
    public static EslHangupCause None { get; } = new("NONE", 0);

    /// <summary><c>UNALLOCATED_NUMBER</c> (1): the number does not exist (SIP 404).</summary>
    public static EslHangupCause UnallocatedNumber { get; } = new("UNALLOCATED_NUMBER", 1);

    /// <summary><c>NO_ROUTE_TRANSIT_NET</c> (2).</summary>
    public static EslHangupCause NoRouteTransitNetwork { get; } = new("NO_ROUTE_TRANSIT_NET", 2);

    /// <summary><c>NO_ROUTE_DESTINATION</c> (3).</summary>
    public static EslHangupCause NoRouteDestination { get; } = new("NO_ROUTE_DESTINATION", 3);

    /// <summary><c>CHANNEL_UNACCEPTABLE</c> (6).</summary>
    public static EslHangupCause ChannelUnacceptable { get; } = new("CHANNEL_UNACCEPTABLE", 6);

    /// <summary><c>CALL_AWARDED_DELIVERED</c> (7).</summary>
    public static EslHangupCause CallAwardedDelivered { get; } = new("CALL_AWARDED_DELIVERED", 7);

    /// <summary><c>NORMAL_CLEARING</c> (16): a normal hangup by either side.</summary>
    public static EslHangupCause NormalClearing { get; } = new("NORMAL_CLEARING", 16);

    /// <summary><c>USER_BUSY</c> (17): busy (SIP 486).</summary>
    public static EslHangupCause UserBusy { get; } = new("USER_BUSY", 17);

    /// <summary><c>NO_USER_RESPONSE</c> (18): no response from the far end (SIP 408).</summary>
    public static EslHangupCause NoUserResponse { get; } = new("NO_USER_RESPONSE", 18);

    /// <summary><c>NO_ANSWER</c> (19): it rang but nobody answered in time.</summary>
    public static EslHangupCause NoAnswer { get; } = new("NO_ANSWER", 19);

    /// <summary><c>SUBSCRIBER_ABSENT</c> (20): the subscriber is absent (SIP 480).</summary>
    public static EslHangupCause SubscriberAbsent { get; } = new("SUBSCRIBER_ABSENT", 20);

    /// <summary><c>CALL_REJECTED</c> (21): declined (SIP 603), also a refused authentication.</summary>
    public static EslHangupCause CallRejected { get; } = new("CALL_REJECTED", 21);

    /// <summary><c>NUMBER_CHANGED</c> (22).</summary>
    public static EslHangupCause NumberChanged { get; } = new("NUMBER_CHANGED", 22);

    /// <summary><c>REDIRECTION_TO_NEW_DESTINATION</c> (23).</summary>
    public static EslHangupCause RedirectionToNewDestination { get; } = new("REDIRECTION_TO_NEW_DESTINATION", 23);

    /// <summary><c>EXCHANGE_ROUTING_ERROR</c> (25).</summary>
    public static EslHangupCause ExchangeRoutingError { get; } = new("EXCHANGE_ROUTING_ERROR", 25);

    /// <summary><c>DESTINATION_OUT_OF_ORDER</c> (27): the destination cannot be reached; FreeSWITCH also answers it when throttled, out of RTP ports or given a duplicate UUID.</summary>
    public static EslHangupCause DestinationOutOfOrder { get; } = new("DESTINATION_OUT_OF_ORDER", 27);

    /// <summary><c>INVALID_NUMBER_FORMAT</c> (28): the number is malformed (SIP 484).</summary>
    public static EslHangupCause InvalidNumberFormat { get; } = new("INVALID_NUMBER_FORMAT", 28);

    /// <summary><c>FACILITY_REJECTED</c> (29).</summary>
    public static EslHangupCause FacilityRejected { get; } = new("FACILITY_REJECTED", 29);

    /// <summary><c>RESPONSE_TO_STATUS_ENQUIRY</c> (30).</summary>
    public static EslHangupCause ResponseToStatusEnquiry { get; } = new("RESPONSE_TO_STATUS_ENQUIRY", 30);

    /// <summary><c>NORMAL_UNSPECIFIED</c> (31): a normal event, unspecified.</summary>
    public static EslHangupCause NormalUnspecified { get; } = new("NORMAL_UNSPECIFIED", 31);

    /// <summary><c>NORMAL_CIRCUIT_CONGESTION</c> (34): no circuit available.</summary>
    public static EslHangupCause NormalCircuitCongestion { get; } = new("NORMAL_CIRCUIT_CONGESTION", 34);

    /// <summary><c>NETWORK_OUT_OF_ORDER</c> (38).</summary>
    public static EslHangupCause NetworkOutOfOrder { get; } = new("NETWORK_OUT_OF_ORDER", 38);

    /// <summary><c>NORMAL_TEMPORARY_FAILURE</c> (41): a temporary failure (SIP 503).</summary>
    public static EslHangupCause NormalTemporaryFailure { get; } = new("NORMAL_TEMPORARY_FAILURE", 41);

    /// <summary><c>SWITCH_CONGESTION</c> (42): the switch is congested.</summary>
    public static EslHangupCause SwitchCongestion { get; } = new("SWITCH_CONGESTION", 42);

    /// <summary><c>ACCESS_INFO_DISCARDED</c> (43).</summary>
    public static EslHangupCause AccessInfoDiscarded { get; } = new("ACCESS_INFO_DISCARDED", 43);

    /// <summary><c>REQUESTED_CHAN_UNAVAIL</c> (44).</summary>
    public static EslHangupCause RequestedChannelUnavailable { get; } = new("REQUESTED_CHAN_UNAVAIL", 44);

    /// <summary><c>PRE_EMPTED</c> (45).</summary>
    public static EslHangupCause Preempted { get; } = new("PRE_EMPTED", 45);

    /// <summary><c>FACILITY_NOT_SUBSCRIBED</c> (50).</summary>
    public static EslHangupCause FacilityNotSubscribed { get; } = new("FACILITY_NOT_SUBSCRIBED", 50);

    /// <summary><c>OUTGOING_CALL_BARRED</c> (52).</summary>
    public static EslHangupCause OutgoingCallBarred { get; } = new("OUTGOING_CALL_BARRED", 52);

    /// <summary><c>INCOMING_CALL_BARRED</c> (54).</summary>
    public static EslHangupCause IncomingCallBarred { get; } = new("INCOMING_CALL_BARRED", 54);

    /// <summary><c>BEARERCAPABILITY_NOTAUTH</c> (57).</summary>
    public static EslHangupCause BearerCapabilityNotAuthorized { get; } = new("BEARERCAPABILITY_NOTAUTH", 57);

    /// <summary><c>BEARERCAPABILITY_NOTAVAIL</c> (58).</summary>
    public static EslHangupCause BearerCapabilityNotAvailable { get; } = new("BEARERCAPABILITY_NOTAVAIL", 58);

    /// <summary><c>SERVICE_UNAVAILABLE</c> (63): service unavailable.</summary>
    public static EslHangupCause ServiceUnavailable { get; } = new("SERVICE_UNAVAILABLE", 63);

    /// <summary><c>BEARERCAPABILITY_NOTIMPL</c> (65).</summary>
    public static EslHangupCause BearerCapabilityNotImplemented { get; } = new("BEARERCAPABILITY_NOTIMPL", 65);

    /// <summary><c>CHAN_NOT_IMPLEMENTED</c> (66).</summary>
    public static EslHangupCause ChannelNotImplemented { get; } = new("CHAN_NOT_IMPLEMENTED", 66);

    /// <summary><c>FACILITY_NOT_IMPLEMENTED</c> (69).</summary>
    public static EslHangupCause FacilityNotImplemented { get; } = new("FACILITY_NOT_IMPLEMENTED", 69);

    /// <summary><c>SERVICE_NOT_IMPLEMENTED</c> (79).</summary>
    public static EslHangupCause ServiceNotImplemented { get; } = new("SERVICE_NOT_IMPLEMENTED", 79);

    /// <summary><c>INVALID_CALL_REFERENCE</c> (81).</summary>
    public static EslHangupCause InvalidCallReference { get; } = new("INVALID_CALL_REFERENCE", 81);

    /// <summary><c>INCOMPATIBLE_DESTINATION</c> (88).</summary>
    public static EslHangupCause IncompatibleDestination { get; } = new("INCOMPATIBLE_DESTINATION", 88);

    /// <summary><c>INVALID_MSG_UNSPECIFIED</c> (95).</summary>
    public static EslHangupCause InvalidMessageUnspecified { get; } = new("INVALID_MSG_UNSPECIFIED", 95);

    /// <summary><c>MANDATORY_IE_MISSING</c> (96).</summary>
    public static EslHangupCause MandatoryInformationElementMissing { get; } = new("MANDATORY_IE_MISSING", 96);

    /// <summary><c>MESSAGE_TYPE_NONEXIST</c> (97).</summary>
    public static EslHangupCause MessageTypeNonexistent { get; } = new("MESSAGE_TYPE_NONEXIST", 97);

    /// <summary><c>WRONG_MESSAGE</c> (98).</summary>
    public static EslHangupCause WrongMessage { get; } = new("WRONG_MESSAGE", 98);

    /// <summary><c>IE_NONEXIST</c> (99).</summary>
    public static EslHangupCause InformationElementNonexistent { get; } = new("IE_NONEXIST", 99);

    /// <summary><c>INVALID_IE_CONTENTS</c> (100).</summary>
    public static EslHangupCause InvalidInformationElementContents { get; } = new("INVALID_IE_CONTENTS", 100);

    /// <summary><c>WRONG_CALL_STATE</c> (101).</summary>
    public static EslHangupCause WrongCallState { get; } = new("WRONG_CALL_STATE", 101);

    /// <summary><c>RECOVERY_ON_TIMER_EXPIRE</c> (102): a timer expired (SIP 504).</summary>
    public static EslHangupCause RecoveryOnTimerExpire { get; } = new("RECOVERY_ON_TIMER_EXPIRE", 102);

    /// <summary><c>MANDATORY_IE_LENGTH_ERROR</c> (103).</summary>
    public static EslHangupCause MandatoryInformationElementLengthError { get; } = new("MANDATORY_IE_LENGTH_ERROR", 103);

    /// <summary><c>PROTOCOL_ERROR</c> (111).</summary>
    public static EslHangupCause ProtocolError { get; } = new("PROTOCOL_ERROR", 111);

    /// <summary><c>INTERWORKING</c> (127): interworking, unspecified.</summary>
    public static EslHangupCause Interworking { get; } = new("INTERWORKING", 127);

    /// <summary><c>SUCCESS</c> (142): FreeSWITCH's own success code.</summary>
    public static EslHangupCause Success { get; } = new("SUCCESS", 142);

    /// <summary><c>ORIGINATOR_CANCEL</c> (487): the caller cancelled before answer (SIP 487).</summary>
    public static EslHangupCause OriginatorCancel { get; } = new("ORIGINATOR_CANCEL", 487);

    /// <summary><c>CRASH</c> (700): FreeSWITCH ended the channel after an internal error.</summary>
    public static EslHangupCause Crash { get; } = new("CRASH", 700);

    /// <summary><c>SYSTEM_SHUTDOWN</c> (701): FreeSWITCH is shutting down.</summary>
    public static EslHangupCause SystemShutdown { get; } = new("SYSTEM_SHUTDOWN", 701);

    /// <summary><c>LOSE_RACE</c> (702): another leg of a simultaneous originate answered first.</summary>
    public static EslHangupCause LoseRace { get; } = new("LOSE_RACE", 702);

    /// <summary><c>MANAGER_REQUEST</c> (703): hung up by an api command (e.g. uuid_kill without a cause, hupall).</summary>
    public static EslHangupCause ManagerRequest { get; } = new("MANAGER_REQUEST", 703);

    /// <summary><c>BLIND_TRANSFER</c> (800): the call was transferred.</summary>
    public static EslHangupCause BlindTransfer { get; } = new("BLIND_TRANSFER", 800);

    /// <summary><c>ATTENDED_TRANSFER</c> (801): the call was transferred after consultation.</summary>
    public static EslHangupCause AttendedTransfer { get; } = new("ATTENDED_TRANSFER", 801);

    /// <summary><c>ALLOTTED_TIMEOUT</c> (802): the call reached its time limit.</summary>
    public static EslHangupCause AllottedTimeout { get; } = new("ALLOTTED_TIMEOUT", 802);

    /// <summary><c>USER_CHALLENGE</c> (803).</summary>
    public static EslHangupCause UserChallenge { get; } = new("USER_CHALLENGE", 803);

    /// <summary><c>MEDIA_TIMEOUT</c> (804): no media (RTP) for too long.</summary>
    public static EslHangupCause MediaTimeout { get; } = new("MEDIA_TIMEOUT", 804);

    /// <summary><c>PICKED_OFF</c> (805).</summary>
    public static EslHangupCause PickedOff { get; } = new("PICKED_OFF", 805);

    /// <summary><c>USER_NOT_REGISTERED</c> (806): the user is not registered.</summary>
    public static EslHangupCause UserNotRegistered { get; } = new("USER_NOT_REGISTERED", 806);

    /// <summary><c>PROGRESS_TIMEOUT</c> (807): no progress within progress_timeout.</summary>
    public static EslHangupCause ProgressTimeout { get; } = new("PROGRESS_TIMEOUT", 807);

    /// <summary><c>INVALID_GATEWAY</c> (808): the gateway does not exist.</summary>
    public static EslHangupCause InvalidGateway { get; } = new("INVALID_GATEWAY", 808);

    /// <summary><c>GATEWAY_DOWN</c> (809): the gateway is down.</summary>
    public static EslHangupCause GatewayDown { get; } = new("GATEWAY_DOWN", 809);

    /// <summary><c>INVALID_URL</c> (810).</summary>
    public static EslHangupCause InvalidUrl { get; } = new("INVALID_URL", 810);

    /// <summary><c>INVALID_PROFILE</c> (811).</summary>
    public static EslHangupCause InvalidProfile { get; } = new("INVALID_PROFILE", 811);

    /// <summary><c>NO_PICKUP</c> (812).</summary>
    public static EslHangupCause NoPickup { get; } = new("NO_PICKUP", 812);

    /// <summary><c>SRTP_READ_ERROR</c> (813).</summary>
    public static EslHangupCause SrtpReadError { get; } = new("SRTP_READ_ERROR", 813);

    /// <summary><c>BOWOUT</c> (814).</summary>
    public static EslHangupCause Bowout { get; } = new("BOWOUT", 814);

    /// <summary><c>BUSY_EVERYWHERE</c> (815).</summary>
    public static EslHangupCause BusyEverywhere { get; } = new("BUSY_EVERYWHERE", 815);

    /// <summary><c>DECLINE</c> (816).</summary>
    public static EslHangupCause Decline { get; } = new("DECLINE", 816);

    /// <summary><c>DOES_NOT_EXIST_ANYWHERE</c> (817).</summary>
    public static EslHangupCause DoesNotExistAnywhere { get; } = new("DOES_NOT_EXIST_ANYWHERE", 817);

    /// <summary><c>NOT_ACCEPTABLE</c> (818).</summary>
    public static EslHangupCause NotAcceptable { get; } = new("NOT_ACCEPTABLE", 818);

    /// <summary><c>UNWANTED</c> (819).</summary>
    public static EslHangupCause Unwanted { get; } = new("UNWANTED", 819);

    /// <summary><c>NO_IDENTITY</c> (820).</summary>
    public static EslHangupCause NoIdentity { get; } = new("NO_IDENTITY", 820);

    /// <summary><c>BAD_IDENTITY_INFO</c> (821).</summary>
    public static EslHangupCause BadIdentityInfo { get; } = new("BAD_IDENTITY_INFO", 821);

    /// <summary><c>UNSUPPORTED_CERTIFICATE</c> (822).</summary>
    public static EslHangupCause UnsupportedCertificate { get; } = new("UNSUPPORTED_CERTIFICATE", 822);

    /// <summary><c>INVALID_IDENTITY</c> (823).</summary>
    public static EslHangupCause InvalidIdentity { get; } = new("INVALID_IDENTITY", 823);

    /// <summary><c>STALE_DATE</c> (824).</summary>
    public static EslHangupCause StaleDate { get; } = new("STALE_DATE", 824);

    /// <summary><c>REJECT_ALL</c> (825).</summary>
    public static EslHangupCause RejectAll { get; } = new("REJECT_ALL", 825);

    /// <summary>The name, e.g. <c>NORMAL_CLEARING</c> (upper case).</summary>
    public string Name { get; }

    /// <summary>FreeSWITCH's number for the cause (e.g. 16), or null for a name it does not list.</summary>
    public int? Code { get; }

    /// <summary>
    /// The Q.850 cause FreeSWITCH reports for it (<c>hangup_cause_q850</c>): the code itself up to 127,
    /// 16 (normal clearing) for FreeSWITCH's own causes, null for a name it does not list.
    /// </summary>
    public int? Q850Code => Code switch
    {
        null => null,
        <= 127 and var code => code,
        _ => NormalClearing.Code,
    };

    /// <summary>True for the causes FreeSWITCH lists (the static properties of this type).</summary>
    public bool IsKnown { get; }

    /// <summary>Every cause FreeSWITCH lists, in its order.</summary>
    public static IReadOnlyList<EslHangupCause> Known => Table.All;

    /// <summary>
    /// Reads a cause by name (<c>user_busy</c> or <c>USER_BUSY</c>) or by number (<c>17</c>). A name or
    /// number FreeSWITCH does not list is kept as it was given (upper-cased).
    /// </summary>
    /// <exception cref="EslValueRejectedException">Not a word of ASCII letters, digits and <c>_</c> (or longer than 64 characters).</exception>
    public static EslHangupCause Parse(string text) => Parse(text, "cause");

    /// <inheritdoc cref="Parse(string)" />
    public static EslHangupCause Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Reads a cause by name or number; false when <paramref name="text"/> is not a valid cause.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out EslHangupCause? cause)
    {
        cause = text is null ? null : Read(text);
        return cause is not null;
    }

    /// <inheritdoc cref="TryParse(string?, out EslHangupCause?)" />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out EslHangupCause result) =>
        TryParse(s, out result);

    /// <summary>The cause with FreeSWITCH's number <paramref name="code"/>; one it does not list is kept as that number.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number is negative.</exception>
    public static EslHangupCause FromCode(int code)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(code);
        return Table.ByCode.TryGetValue(code, out var known) ? known : new EslHangupCause(code.ToString(CultureInfo.InvariantCulture), code, known: false);
    }

    /// <summary>Equal names.</summary>
    public static bool operator ==(EslHangupCause? left, EslHangupCause? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Different names.</summary>
    public static bool operator !=(EslHangupCause? left, EslHangupCause? right) => !(left == right);

    /// <inheritdoc />
    public bool Equals(EslHangupCause? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EslHangupCause other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>The name, as FreeSWITCH writes it.</summary>
    public override string ToString() => Name;

    /// <summary>Parse for a named field: the refusal names it.</summary>
    internal static EslHangupCause Parse(string? text, string field)
    {
        ArgumentNullException.ThrowIfNull(text, field);
        return Read(text) ?? throw new EslValueRejectedException(field, text.Length == 0 ? EslRejectionReason.Empty : EslRejectionReason.InvalidFormat);
    }

    private static EslHangupCause? Read(string text)
    {
        if (text.Length is 0 or > MaxNameLength)
        {
            return null;
        }

        bool digits = true;
        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return null;
            }

            digits &= char.IsAsciiDigit(c);
        }

        if (digits)
        {
            // As FreeSWITCH reads a cause that starts with a digit: a number (atoi).
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int code) ? FromCode(code) : null;
        }

        if (Table.ByName.TryGetValue(text, out var known))
        {
            return known;
        }

        return new EslHangupCause(text.ToUpperInvariant(), null, known: false);
    }

    // Built on first use, after every known cause above exists.
    private static class Table
    {
        public static readonly System.Collections.ObjectModel.ReadOnlyCollection<EslHangupCause> All = KnownCauses.AsReadOnly();
        public static readonly Dictionary<string, EslHangupCause> ByName = KnownCauses.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        public static readonly Dictionary<int, EslHangupCause> ByCode = KnownCauses.ToDictionary(c => c.Code!.Value);
    }
}
