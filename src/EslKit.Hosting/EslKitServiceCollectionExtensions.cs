using System.Diagnostics.CodeAnalysis;
using EslKit;
using EslKit.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers EslKit's inbound clients and outbound server with a host.</summary>
public static class EslKitServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="EslClient"/> singleton that connects when the host starts (retrying in the
    /// background while FreeSWITCH is away) and closes gracefully when it stops. Options are validated at start.
    /// </summary>
    public static IServiceCollection AddEslClient(this IServiceCollection services, Action<EslClientOptions>? configure = null) =>
        services.AddEslClient(Options.Options.DefaultName, null, configure);

    /// <summary>Adds an <see cref="EslClient"/> bound to a configuration section (e.g. <c>"FreeSwitch"</c>: Host, Port, Password, …).</summary>
    public static IServiceCollection AddEslClient(this IServiceCollection services, IConfiguration configuration, Action<EslClientOptions>? configure = null) =>
        services.AddEslClient(Options.Options.DefaultName, configuration, configure);

    /// <summary>
    /// Adds a named <see cref="EslClient"/> (one per FreeSWITCH node), resolved with
    /// <c>GetRequiredKeyedService&lt;EslClient&gt;(name)</c>. The unnamed client is also registered un-keyed.
    /// </summary>
    public static IServiceCollection AddEslClient(this IServiceCollection services, string name, IConfiguration? configuration, Action<EslClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        var options = services.AddOptions<EslClientOptions>(name);
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<EslClientOptions>>(new EslOptionsValidator<EslClientOptions>(
            name,
            SectionPath(configuration),
            name.Length == 0 ? "EslKit client" : $"EslKit client '{name}'",
            o => o.Validate()));
        services.AddKeyedSingleton(name, (provider, _) => new EslClient(
            provider.GetRequiredService<IOptionsMonitor<EslClientOptions>>().Get(name),
            provider.GetService<ILogger<EslClient>>()));
        if (name.Length == 0)
        {
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<EslClient>(name));
        }

        // Not AddHostedService: it keeps one service per implementation type, and each client needs its own.
        services.AddSingleton<IHostedService>(provider => new EslClientHostedService(
            provider.GetRequiredKeyedService<EslClient>(name),
            provider.GetRequiredService<IOptionsMonitor<EslClientOptions>>().Get(name),
            name.Length == 0 ? "default" : name,
            provider.GetRequiredService<ILogger<EslClientHostedService>>()));
        return services;
    }

    /// <summary>
    /// Adds the outbound server, started and drained with the host. Each call gets a DI scope and its own
    /// <typeparamref name="THandler"/> (registered scoped unless already registered).
    /// </summary>
    public static IServiceCollection AddEslOutboundServer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services, Action<EslOutboundServerOptions>? configure = null)
        where THandler : class, IEslOutboundHandler =>
        services.AddEslOutboundServer<THandler>(null, configure);

    /// <summary>Adds the outbound server bound to a configuration section (Address, Port, AllowedPeers, MaxSessions, …).</summary>
    public static IServiceCollection AddEslOutboundServer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services, IConfiguration? configuration, Action<EslOutboundServerOptions>? configure = null)
        where THandler : class, IEslOutboundHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EslOutboundServerOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<EslOutboundServerOptions>>(new EslOptionsValidator<EslOutboundServerOptions>(
            Options.Options.DefaultName,
            SectionPath(configuration),
            "EslKit outbound server",
            o => o.Validate()));
        services.TryAddScoped<THandler>();
        services.TryAddSingleton(provider => new EslOutboundServer(
            provider.GetRequiredService<IOptions<EslOutboundServerOptions>>().Value,
            async (session, cancellationToken) =>
            {
                // One scope per call: the handler and what it depends on live exactly as long as the call.
                var scope = provider.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(session, cancellationToken).ConfigureAwait(false);
                }
            },
            provider.GetService<ILogger<EslOutboundServer>>()));
        services.AddSingleton<IHostedService>(provider => new EslOutboundServerHostedService(provider.GetRequiredService<EslOutboundServer>()));
        return services;
    }

    // Where the options were bound from, for messages that name the configuration key; null for a root or none.
    private static string? SectionPath(IConfiguration? configuration) => (configuration as IConfigurationSection)?.Path;
}
