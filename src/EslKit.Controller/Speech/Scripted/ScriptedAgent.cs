namespace EslKit.Controller.Speech.Scripted;

/// <summary>
/// An agent that follows a script: greeting, keyword → answer rules in order, a goodbye rule that hangs up, and a
/// fallback that gives up after a few misses. It hands the recogniser a grammar of the script's phrases and
/// keywords, which is what lets pocketsphinx hear telephone speech. One instance per call.
/// </summary>
public sealed class ScriptedAgent : IConversationAgent
{
    private readonly ScriptedAgentScript _script;
    private int _fallbacks;

    internal ScriptedAgent(ScriptedAgentScript script) => _script = script;

    /// <inheritdoc />
    public SpeechGrammar? Grammar => _script.Grammar;

    /// <inheritdoc />
    public ValueTask<AgentReply> GreetAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new AgentReply(_script.Greeting, EndCall: false));

    /// <inheritdoc />
    public ValueTask<AgentReply> ReplyAsync(string transcript, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        string[] words = transcript.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach ((string[][] keywords, AgentReply reply) in _script.Rules)
        {
            if (keywords.Any(keyword => Contains(words, keyword)))
            {
                _fallbacks = 0;
                return ValueTask.FromResult(reply);
            }
        }

        _fallbacks++;
        return ValueTask.FromResult(_fallbacks >= _script.MaxFallbacks
            ? new AgentReply(_script.GiveUp, EndCall: true)
            : new AgentReply(_script.Fallback, EndCall: false));
    }

    private static bool Contains(string[] words, string[] keyword)
    {
        for (int i = 0; i + keyword.Length <= words.Length; i++)
        {
            if (words.AsSpan(i, keyword.Length).SequenceEqual(keyword))
            {
                return true;
            }
        }

        return false;
    }
}
