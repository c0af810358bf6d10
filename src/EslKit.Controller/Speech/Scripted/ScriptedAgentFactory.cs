namespace EslKit.Controller.Speech.Scripted;

/// <summary>
/// Creates <see cref="ScriptedAgent"/>s from one script: the script is checked and its grammar built once, and
/// every call's agent shares them (they are immutable).
/// </summary>
public sealed class ScriptedAgentFactory : IConversationAgentFactory
{
    private readonly ScriptedAgentScript _script;

    /// <summary>Checks the script and builds its grammar.</summary>
    /// <exception cref="ArgumentException">The script is empty or a rule has no keyword or no reply.</exception>
    public ScriptedAgentFactory(ScriptedAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _script = new ScriptedAgentScript(options);
    }

    /// <summary>The grammar every agent of this script hands to the recogniser.</summary>
    public SpeechGrammar Grammar => _script.Grammar;

    /// <inheritdoc />
    public IConversationAgent CreateAgent() => new ScriptedAgent(_script);
}
