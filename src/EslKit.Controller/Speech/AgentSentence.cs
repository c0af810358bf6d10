namespace EslKit.Controller.Speech;

/// <summary>One piece of a reply streamed by <see cref="IConversationAgent.StreamReplyAsync"/>: a sentence to speak, and whether the call ends after the reply.</summary>
/// <param name="Text">A sentence to synthesise and play (may be empty on the last item, when the decision to end the call came after the words).</param>
/// <param name="EndCall">True on the last item of a reply after which the agent hangs up.</param>
public readonly record struct AgentSentence(string Text, bool EndCall);
