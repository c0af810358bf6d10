using System.Globalization;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using EslKit.Controller.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Calls;

/// <summary>Registers the ESL side of the controller: the nodes, the dispatcher loop, the outbound session handler and the hangup listener.</summary>
internal static class ControllerCallsServiceCollectionExtensions
{
    /// <summary>The outbound socket server's configuration section (Address, Port, AllowedPeers, MaxSessions, …; docs/outbound.md).</summary>
    public const string OutboundSection = "Outbound";

    /// <summary>
    /// Adds the FreeSWITCH nodes of configuration list <c>Nodes</c> (one <see cref="EslClient"/> each, connected by
    /// EslKit.Hosting), their health monitor and pacer, the dispatcher loop, the outbound socket server with
    /// <see cref="CallSessionHandler"/>, and the hangup listener. Call after <c>AddEslKitController</c>. The hosted
    /// services start in this order and stop in the reverse one: the dispatcher stops first (waiting for its
    /// originates), then the outbound server (draining calls), the nodes' clients, and last the hangup listener
    /// (writing what they heard).
    /// </summary>
    public static IServiceCollection AddControllerCalls(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CallsOptions>().Bind(configuration.GetSection(CallsOptions.Section))
            .Validate(o => o.AudioStreamPort is >= 1 and <= 65535, "Calls:AudioStreamPort must be 1-65535.")
            .Validate(o => o.MaxCallSeconds is >= 1 and <= 86_400, "Calls:MaxCallSeconds must be 1-86400.")
            .Validate(o => o.ForeignHangupDelayMilliseconds is >= 0 and <= 60_000, "Calls:ForeignHangupDelayMilliseconds must be 0-60000.")
            .ValidateOnStart();
        services.AddOptions<DispatcherOptions>()
            .Validate(o => o.MaxInFlight is >= 1 and <= 100_000, "Dispatcher:MaxInFlight must be 1-100000.")
            .Validate(o => o.IdlePollMilliseconds is >= 10 and <= 60_000, "Dispatcher:IdlePollMilliseconds must be 10-60000.")
            .Validate(o => o.HealthCheckSeconds is >= 1 and <= 3600, "Dispatcher:HealthCheckSeconds must be 1-3600.")
            .Validate(o => o.PacingMarginMilliseconds is >= 0 and <= 1000, "Dispatcher:PacingMarginMilliseconds must be 0-1000.")
            .Validate(o => o.ShutdownGraceSeconds is >= 0 and <= 3600, "Dispatcher:ShutdownGraceSeconds must be 0-3600.")
            .Validate(o => o.ReconcileSeconds is >= 1 and <= 86_400, "Dispatcher:ReconcileSeconds must be 1-86400.")
            .Validate(o => o.ReconcileGraceSeconds is >= 1 and <= 3600, "Dispatcher:ReconcileGraceSeconds must be 1-3600.")
            .Validate(o => o.LostCallGraceSeconds is >= 0 and <= 604_800, "Dispatcher:LostCallGraceSeconds must be 0-604800 (0: never).")
            .ValidateOnStart();

        string dataDirectory = configuration[$"{Storage.StorageOptions.Section}:{nameof(Storage.StorageOptions.DataDirectory)}"] ?? new Storage.StorageOptions().DataDirectory;
        services.AddOptions<JournalOptions>().Bind(configuration.GetSection(JournalOptions.Section))
            .PostConfigure(o => o.Directory = string.IsNullOrWhiteSpace(o.Directory) ? Path.Combine(dataDirectory, "journal") : o.Directory)
            .Validate(o => o.MaxEntries is >= 1 and <= 10_000_000, "Journal:MaxEntries must be 1-10000000.")
            .Validate(o => o.ReplayMilliseconds is >= 10 and <= 60_000, "Journal:ReplayMilliseconds must be 10-60000.")
            .ValidateOnStart();

        var sections = configuration.GetSection(NodeOptions.Section).GetChildren().ToList();
        var nodes = sections.Select(section => section.Get<NodeOptions>() ?? new NodeOptions()).ToList();
        services.AddOptions<NodeSetOptions>()
            .Configure(o => o.Nodes = nodes)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NodeSetOptions>>(new NodeSetValidator());

        // Written first, stops last: what the node connections heard up to their close is written.
        services.AddSingleton<HangupListener>();
        services.AddHostedService(provider => provider.GetRequiredService<HangupListener>());

        var validNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++)
        {
            // A node with a bad or repeated name stops the start (NodeSetValidator); it gets no client.
            if (NodeSetOptions.IsName(nodes[i].Name) && validNames.Add(nodes[i].Name))
            {
                services.AddEslClient(nodes[i].Name, sections[i]);
            }
        }

        services.AddSingleton(provider => CreateRegistry(provider, nodes.Where(n => validNames.Contains(n.Name)).DistinctBy(n => n.Name).ToList()));
        services.AddSingleton<NodeChooser>();
        // Each node's calls per second shared by every instance on the database.
        services.AddSingleton<INodePacer, DatabaseNodePacer>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<ResultJournal>();
        services.AddSingleton<CallEndRecorder>();
        services.AddSingleton<LeaseRescuer>();
        services.AddSingleton<JournalReplayer>();
        services.AddHostedService(provider => provider.GetRequiredService<JournalReplayer>());
        services.AddSingleton<NodeReconciler>();
        services.AddHostedService(provider => provider.GetRequiredService<NodeReconciler>());
        services.TryAddSingleton<ICallConversation, KeepAliveConversation>();
        services.TryAddSingleton<KeepAliveConversation>();
        services.TryAddSingleton<Voice.CallAudioStreams>();

        services.AddSingleton<NodeHealthMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<NodeHealthMonitor>());

        int socketPort = configuration.GetValue<int?>($"{RoutingOptions.Section}:{nameof(RoutingOptions.SocketPort)}") ?? new RoutingOptions().SocketPort;
        var outbound = configuration.GetSection(OutboundSection);
        services.AddEslOutboundServer<CallSessionHandler>(outbound, o =>
        {
            if (outbound[nameof(EslOutboundServerOptions.Port)] is null)
            {
                o.Port = socketPort; // FreeSWITCH dials back Routing:SocketPort
            }
        });

        services.AddSingleton<CallDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<CallDispatcher>());

        // Room to stop: the originates in flight, then the calls the outbound server drains.
        int graceSeconds = configuration.GetValue<int?>($"{DispatcherOptions.Section}:{nameof(DispatcherOptions.ShutdownGraceSeconds)}") ?? new DispatcherOptions().ShutdownGraceSeconds;
        services.Configure<HostOptions>(o =>
        {
            var needed = TimeSpan.FromSeconds(graceSeconds + 25);
            if (o.ShutdownTimeout < needed)
            {
                o.ShutdownTimeout = needed;
            }
        });
        return services;
    }

    private static NodeRegistry CreateRegistry(IServiceProvider provider, List<NodeOptions> nodes)
    {
        var routing = provider.GetRequiredService<IOptions<RoutingOptions>>().Value;
        var calls = provider.GetRequiredService<IOptions<CallsOptions>>().Value;
        var list = new List<FreeSwitchNode>();
        foreach (var node in nodes)
        {
            string controller = string.IsNullOrEmpty(node.ControllerAddress) ? routing.SocketHost : node.ControllerAddress;
            var target = new RouteTarget(string.IsNullOrEmpty(node.SharedGateway) ? routing.SharedGateway : node.SharedGateway, controller, routing.SocketPort);
            string audio = string.IsNullOrEmpty(node.AudioStreamUrl)
                ? string.Create(CultureInfo.InvariantCulture, $"ws://{controller}:{calls.AudioStreamPort}/audio")
                : node.AudioStreamUrl.TrimEnd('/');
            list.Add(new FreeSwitchNode(node, provider.GetRequiredKeyedService<EslClient>(node.Name), target, audio));
        }

        return new NodeRegistry(list);
    }

    private sealed class NodeSetValidator : IValidateOptions<NodeSetOptions>
    {
        public ValidateOptionsResult Validate(string? name, NodeSetOptions options)
        {
            var problems = options.Problems();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
