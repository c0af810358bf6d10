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
    ValueTask<AgentReply> ReplyAsync(string transcript, CancellationToken cancellationToken = default);
}
