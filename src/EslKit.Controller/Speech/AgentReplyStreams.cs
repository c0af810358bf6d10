namespace EslKit.Controller.Speech;

/// <summary>The default streaming of an agent that answers whole replies: its reply split into sentences.</summary>
internal static class AgentReplyStreams
{
    /// <summary>Yields the reply's sentences, the last one carrying the reply's end-of-call decision.</summary>
    public static async IAsyncEnumerable<AgentSentence> Split(ValueTask<AgentReply> pending)
    {
        AgentReply reply = await pending.ConfigureAwait(false);
        IReadOnlyList<string> sentences = reply.Sentences();
        if (sentences.Count == 0)
        {
            if (reply.EndCall)
            {
                yield return new AgentSentence(string.Empty, EndCall: true);
            }

            yield break;
        }

        for (int i = 0; i < sentences.Count; i++)
        {
            yield return new AgentSentence(sentences[i], reply.EndCall && i == sentences.Count - 1);
        }
    }
}
