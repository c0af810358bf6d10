namespace EslKit.Controller.Speech;

/// <summary>Creates the agent of each call. Thread-safe.</summary>
public interface IConversationAgentFactory
{
    /// <summary>A new agent for one call.</summary>
    IConversationAgent CreateAgent();
}
