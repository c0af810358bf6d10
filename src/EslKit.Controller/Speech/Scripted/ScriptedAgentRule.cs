namespace EslKit.Controller.Speech.Scripted;

/// <summary>One rule of a scripted agent: when the caller says one of its keywords, the agent answers with its reply.</summary>
public sealed class ScriptedAgentRule
{
    /// <summary>Words or short phrases; the rule matches when the transcript contains one of them as whole words.</summary>
    public IList<string> Keywords { get; } = [];

    /// <summary>
    /// Whole sentences callers are expected to say for this rule: they go into the recognition grammar (the keywords
    /// only when there are none: lone keywords in a grammar get read into trailing noise).
    /// </summary>
    public IList<string> Phrases { get; } = [];

    /// <summary>What the agent answers.</summary>
    public string Reply { get; set; } = string.Empty;

    /// <summary>True when the agent hangs up after the reply (a goodbye rule).</summary>
    public bool EndCall { get; set; }
}
