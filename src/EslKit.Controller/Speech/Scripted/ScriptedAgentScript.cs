namespace EslKit.Controller.Speech.Scripted;

/// <summary>A checked, immutable script: normalised keywords per rule, and the grammar built from every phrase and keyword.</summary>
internal sealed class ScriptedAgentScript
{
    public ScriptedAgentScript(ScriptedAgentOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Greeting, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Fallback, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.GiveUp, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxFallbacks, nameof(options));
        Greeting = options.Greeting;
        Fallback = options.Fallback;
        GiveUp = options.GiveUp;
        MaxFallbacks = options.MaxFallbacks;

        var grammar = new SpeechGrammarBuilder();
        var rules = new List<(string[][] Keywords, AgentReply Reply)>();
        foreach (ScriptedAgentRule rule in options.Rules)
        {
            if (rule.Keywords.Count == 0 || string.IsNullOrWhiteSpace(rule.Reply))
            {
                throw new ArgumentException("Every scripted rule needs at least one keyword and a reply.", nameof(options));
            }

            string[][] keywords = rule.Keywords.Select(keyword => SpeechGrammarBuilder.Normalise(keyword).Split(' ')).ToArray();
            rules.Add((keywords, new AgentReply(rule.Reply, rule.EndCall)));
            // The grammar gets what callers say; a rule's bare keywords only when it lists no phrases. Single keywords
            // as grammar phrases cost accuracy: the recogniser reads them into the noise after the last word.
            grammar.AddPhrases(rule.Phrases.Count > 0 ? rule.Phrases : rule.Keywords);
        }

        if (rules.Count == 0)
        {
            throw new ArgumentException("A scripted agent needs at least one rule.", nameof(options));
        }

        grammar.AddPhrases(options.ExtraPhrases);
        foreach (int length in options.DigitLengths)
        {
            grammar.AddDigits(length);
        }

        Rules = rules;
        Grammar = grammar.Build();
    }

    public string Greeting { get; }

    public string Fallback { get; }

    public string GiveUp { get; }

    public int MaxFallbacks { get; }

    public IReadOnlyList<(string[][] Keywords, AgentReply Reply)> Rules { get; }

    public SpeechGrammar Grammar { get; }
}
