namespace EslKit.Controller.Speech.Cloud.OpenRouter;

/// <summary>The conversation agent on OpenRouter's chat completions API (configuration section <c>Speech:OpenRouter</c>).</summary>
public sealed class OpenRouterOptions : CloudServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Speech:OpenRouter";

    /// <summary>The API's base address (default <c>https://openrouter.ai/api/v1/</c>); <c>chat/completions</c> is appended.</summary>
    public Uri Endpoint { get; set; } = new("https://openrouter.ai/api/v1/");

    /// <summary>The model (default <c>openai/gpt-4o-mini</c>).</summary>
    public string Model { get; set; } = "openai/gpt-4o-mini";

    /// <summary>The system prompt: who the agent is and how it speaks. <see cref="EndCallMarker"/>'s use is explained to the model here.</summary>
    public string SystemPrompt { get; set; } =
        "You are a friendly telephone assistant. Answer in one to three short spoken sentences, without lists, markup or emoji. " +
        "When the caller says goodbye or the conversation is over, end your answer with [END_CALL].";

    /// <summary>
    /// Spoken as soon as the call is answered, without asking the model (the first audio must come within 2 s of
    /// answer). Null or empty: the model writes the greeting.
    /// </summary>
    public string? Greeting { get; set; } = "Hello, how can I help you today?";

    /// <summary>A token the model writes to end the call after its answer (removed from what is spoken). Default <c>[END_CALL]</c>.</summary>
    public string EndCallMarker { get; set; } = "[END_CALL]";

    /// <summary>The most tokens per answer (default 200: a spoken answer is short).</summary>
    public int MaxTokens { get; set; } = 200;

    /// <summary>Sampling temperature, 0–2 (default 0.3).</summary>
    public double Temperature { get; set; } = 0.3;

    /// <summary>The most earlier turns (caller and agent messages) sent with each request; older ones are dropped (default 40).</summary>
    public int MaxHistoryMessages { get; set; } = 40;

    /// <summary>Sent as <c>HTTP-Referer</c> (OpenRouter's app attribution); optional.</summary>
    public string? Referer { get; set; }

    /// <summary>Sent as <c>X-Title</c> (OpenRouter's app attribution); optional.</summary>
    public string? Title { get; set; }

    /// <inheritdoc />
    protected override string Describe() => $"Endpoint = {Endpoint}, Model = {Model}, MaxTokens = {MaxTokens}";
}
