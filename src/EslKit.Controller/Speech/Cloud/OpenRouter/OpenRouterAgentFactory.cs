using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Speech.Cloud.OpenRouter;

/// <summary>Creates an <see cref="OpenRouterAgent"/> per call, each with its own conversation history. Thread-safe.</summary>
public sealed class OpenRouterAgentFactory : IConversationAgentFactory
{
    private readonly IHttpClientFactory _clients;
    private readonly OpenRouterOptions _options;
    private readonly ILogger<OpenRouterAgent> _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the factory.</summary>
    public OpenRouterAgentFactory(IHttpClientFactory clients, IOptions<OpenRouterOptions> options, ILogger<OpenRouterAgent> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _options = options.Value;
        _logger = logger;
        _time = time;
    }

    /// <inheritdoc />
    public IConversationAgent CreateAgent() => new OpenRouterAgent(_clients.CreateClient(OpenRouterAgent.HttpClientName), _options, _logger, _time);
}
