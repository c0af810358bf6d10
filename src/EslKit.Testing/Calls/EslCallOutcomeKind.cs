namespace EslKit.Testing;

/// <summary>What the far end of an emulated call does (see <see cref="EslCallOutcome"/>).</summary>
public enum EslCallOutcomeKind
{
    /// <summary>It answers (after ringing, if any) and hangs up after the talk time, or never.</summary>
    Answer,

    /// <summary>It refuses the call with a SIP final response (busy, declined, not found, unavailable …).</summary>
    Fail,

    /// <summary>It rings and never answers: the originate ends <c>NO_ANSWER</c> at its timeout.</summary>
    NoAnswer,
}
