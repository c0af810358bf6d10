namespace EslKit.Controller.Calls;

/// <summary>One result in the local journal: an attempt's end, as heard on a hangup or from an originate's <c>-ERR</c>.</summary>
/// <param name="Kind"><c>hangup</c> (CHANNEL_HANGUP_COMPLETE) or <c>originate</c> (the originate's failure).</param>
/// <param name="Source">Who heard it (session, inbound, dispatcher, rescue, reconcile).</param>
/// <param name="End">The end.</param>
internal sealed record JournalEntry(string Kind, string Source, CallEnd End)
{
    /// <summary>An end heard on a hangup.</summary>
    public const string Hangup = "hangup";

    /// <summary>An originate's failure.</summary>
    public const string Originate = "originate";
}
