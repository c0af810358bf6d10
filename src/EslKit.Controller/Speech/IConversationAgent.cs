namespace EslKit.Controller.Speech;

/// <summary>
/// One call's conversational agent: it speaks first, answers each transcript, and decides when the call ends.
/// One instance per call (it may keep the conversation's state); calls on it come one at a time.
/// </summary>
public interface IConversationAgent
{
    /// <summary>What the recogniser should listen for (the agent's phrases and keywords); null for free speech.</summary>
    SpeechGrammar? Grammar { get; }

    /// <summary>The greeting, spoken as soon as the call is answered.</summary>
    ValueTask<AgentReply> GreetAsync(CancellationToken cancellationToken = default);

    /// <summary>The answer to what the caller said (<paramref name="transcript"/> may be empty: nothing was understood).</summary>
    /// <exception cref="Cloud.SpeechProviderException">A cloud agent failed (credentials, rate limit, timeout, outage).</exception>
    ValueTask<AgentReply> ReplyAsync(string transcript, CancellationToken cancellationToken = default);

    /// <summary>
    /// The greeting, sentence by sentence as it becomes available (see <see cref="StreamReplyAsync"/>). The default
    /// splits <see cref="GreetAsync"/>'s reply.
    /// </summary>
    IAsyncEnumerable<AgentSentence> StreamGreetingAsync(CancellationToken cancellationToken = default) =>
        AgentReplyStreams.Split(GreetAsync(cancellationToken));

    /// <summary>
    /// The answer to what the caller said, sentence by sentence as the agent produces it, so the first sentence can be
    /// synthesised and played while later ones are still being written (a model streaming tokens). Cancelling the token
    /// (a barge-in) stops the reply. The last item has <see cref="AgentSentence.EndCall"/> set when the call ends after
    /// this reply; its text may be empty. The default splits <see cref="ReplyAsync"/>'s reply.
    /// </summary>
    IAsyncEnumerable<AgentSentence> StreamReplyAsync(string transcript, CancellationToken cancellationToken = default) =>
        AgentReplyStreams.Split(ReplyAsync(transcript, cancellationToken));
}
