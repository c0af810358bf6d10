namespace EslKit.Testing;

/// <summary>
/// What the far end of an emulated call does, scripted per number (<see cref="EslEmulatorCalls.SetOutcome"/>): answer
/// after ringing and hang up after a talk time, refuse with a SIP status (and the FreeSWITCH cause it maps to), or ring
/// forever. The factories give the outcomes the lab's carrier gave (fixtures freeswitch-calls/INDEX.md).
/// </summary>
public sealed class EslCallOutcome
{
    private EslCallOutcome(EslCallOutcomeKind kind, TimeSpan ringTime, TimeSpan? talkTime, string cause, int sipStatus, string sipPhrase)
    {
        if (ringTime < TimeSpan.Zero || talkTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ringTime), "Ring and talk times cannot be negative.");
        }

        Kind = kind;
        RingTime = ringTime;
        TalkTime = talkTime;
        Cause = cause;
        SipStatus = sipStatus;
        SipPhrase = sipPhrase;
    }

    /// <summary>Answer, fail or ring forever.</summary>
    public EslCallOutcomeKind Kind { get; }

    /// <summary>How long the far end rings (CHANNEL_PROGRESS, 180) before it answers or refuses; zero: no ringing.</summary>
    public TimeSpan RingTime { get; }

    /// <summary>For an answered call, how long until the far end hangs up (NORMAL_CLEARING); null: never.</summary>
    public TimeSpan? TalkTime { get; }

    /// <summary>The hangup cause of a failed call (e.g. <c>USER_BUSY</c>), the one the originate answers with.</summary>
    public string Cause { get; }

    /// <summary>The SIP final response of a failed call (<c>variable_sip_term_status</c>), 200 for an answered one.</summary>
    public int SipStatus { get; }

    /// <summary>The SIP reason phrase (<c>variable_sip_invite_failure_phrase</c>).</summary>
    public string SipPhrase { get; }

    /// <summary>Answers after <paramref name="ringTime"/> (default: at once) and hangs up after <paramref name="talkTime"/> (default: never).</summary>
    public static EslCallOutcome Answer(TimeSpan? ringTime = null, TimeSpan? talkTime = null) =>
        new(EslCallOutcomeKind.Answer, ringTime ?? TimeSpan.Zero, talkTime, "NORMAL_CLEARING", 200, "OK");

    /// <summary>Answers and never hangs up (the test or the controller ends the call).</summary>
    public static EslCallOutcome NeverHangUp(TimeSpan? ringTime = null) => Answer(ringTime, null);

    /// <summary>486 Busy Here: <c>USER_BUSY</c>.</summary>
    public static EslCallOutcome Busy(TimeSpan? ringTime = null) => Fail("USER_BUSY", 486, "Busy Here", ringTime);

    /// <summary>603 Decline: <c>CALL_REJECTED</c>.</summary>
    public static EslCallOutcome Reject(TimeSpan? ringTime = null) => Fail("CALL_REJECTED", 603, "Decline", ringTime);

    /// <summary>404 Not Found: <c>UNALLOCATED_NUMBER</c>.</summary>
    public static EslCallOutcome Unallocated(TimeSpan? ringTime = null) => Fail("UNALLOCATED_NUMBER", 404, "Not Found", ringTime);

    /// <summary>503 Service Unavailable: <c>NORMAL_TEMPORARY_FAILURE</c>.</summary>
    public static EslCallOutcome Unavailable(TimeSpan? ringTime = null) => Fail("NORMAL_TEMPORARY_FAILURE", 503, "Service Unavailable", ringTime);

    /// <summary>Rings (180) and never answers: the originate ends <c>NO_ANSWER</c> at <c>originate_timeout</c> (60 s by default), the far leg <c>ORIGINATOR_CANCEL</c>.</summary>
    public static EslCallOutcome NoAnswer() => new(EslCallOutcomeKind.NoAnswer, TimeSpan.Zero, null, "NO_ANSWER", 487, "Request Terminated");

    /// <summary>Any SIP refusal: <paramref name="cause"/> is the FreeSWITCH cause the originate answers with.</summary>
    public static EslCallOutcome Fail(string cause, int sipStatus, string sipPhrase, TimeSpan? ringTime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(cause);
        ArgumentException.ThrowIfNullOrEmpty(sipPhrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(sipStatus, 300);
        return new(EslCallOutcomeKind.Fail, ringTime ?? TimeSpan.Zero, null, Internal.FsCauses.Normalize(cause), sipStatus, sipPhrase);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        EslCallOutcomeKind.Answer => $"answer after {RingTime.TotalSeconds:0.###} s, hang up {(TalkTime is { } t ? $"after {t.TotalSeconds:0.###} s" : "never")}",
        EslCallOutcomeKind.NoAnswer => "no answer",
        _ => $"{SipStatus} {SipPhrase} ({Cause}) after {RingTime.TotalSeconds:0.###} s",
    };
}
