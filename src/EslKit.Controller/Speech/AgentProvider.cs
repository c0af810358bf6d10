namespace EslKit.Controller.Speech;

/// <summary>Which conversation agent the controller uses (<c>Speech:Agent</c>).</summary>
public enum AgentProvider
{
    /// <summary>The scripted agent, offline (the default; <c>Speech:ScriptedAgent</c>).</summary>
    Scripted,

    /// <summary>A model on OpenRouter's chat completions API (<c>Speech:OpenRouter</c>).</summary>
    OpenRouter,
}
