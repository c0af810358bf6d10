namespace EslKit.Controller.Speech;

/// <summary>What the agent says next, and whether the call ends after it.</summary>
/// <param name="Text">The words to speak (one or more sentences).</param>
/// <param name="EndCall">True when the agent hangs up once this is spoken.</param>
public sealed record AgentReply(string Text, bool EndCall)
{
    /// <summary>
    /// The reply split into sentences (at '.', '!' and '?' followed by a space or the end), so each can be
    /// synthesised and played while the next is synthesised.
    /// </summary>
    public IReadOnlyList<string> Sentences()
    {
        var sentences = new List<string>();
        int start = 0;
        for (int i = 0; i < Text.Length; i++)
        {
            if (Text[i] is '.' or '!' or '?' && (i + 1 == Text.Length || char.IsWhiteSpace(Text[i + 1])))
            {
                AddSentence(sentences, Text[start..(i + 1)]);
                start = i + 1;
            }
        }

        AddSentence(sentences, Text[start..]);
        return sentences;
    }

    private static void AddSentence(List<string> sentences, string sentence)
    {
        sentence = sentence.Trim();
        if (sentence.Length > 0)
        {
            sentences.Add(sentence);
        }
    }
}
