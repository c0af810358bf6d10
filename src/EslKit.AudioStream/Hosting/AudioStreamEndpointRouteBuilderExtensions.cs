using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using EslKit.AudioStream;
using EslKit.AudioStream.Diagnostics;
using EslKit.AudioStream.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps mod_audio_stream's WebSocket to an <see cref="AudioStreamHandler{TCall}"/>.</summary>
public static class AudioStreamEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the WebSocket that <c>uuid_audio_stream &lt;uuid&gt; start ws://host/&lt;pattern&gt; …</c> opens per call to
    /// <paramref name="handler"/>. WebSockets are enabled for this endpoint alone (no <c>UseWebSockets</c> needed);
    /// a plain HTTP request gets 400.
    /// </summary>
    /// <param name="endpoints">The route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route, for example <c>/audio/{callId}</c>.</param>
    /// <param name="handler">Admits connections and runs sessions; one instance for all of them.</param>
    /// <param name="configure">Changes to the options for this endpoint (from <c>AddAudioStream</c>'s defaults).</param>
    /// <returns>The endpoint, for conventions such as <c>RequireHost</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IEndpointConventionBuilder MapAudioStream<TCall>(
        this IEndpointRouteBuilder endpoints,
        [StringSyntax("Route")] string pattern,
        AudioStreamHandler<TCall> handler,
        Action<AudioStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Map(endpoints, pattern, (_, _) => handler, configure);
    }

    /// <summary>
    /// Maps the WebSocket to a handler of type <typeparamref name="THandler"/>, created once from the application's
    /// services (constructor injection; it lives as long as the application).
    /// </summary>
    /// <inheritdoc cref="MapAudioStream{TCall}(IEndpointRouteBuilder, string, AudioStreamHandler{TCall}, Action{AudioStreamOptions}?)"/>
    public static IEndpointConventionBuilder MapAudioStream<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler, TCall>(
        this IEndpointRouteBuilder endpoints,
        [StringSyntax("Route")] string pattern,
        Action<AudioStreamOptions>? configure = null)
        where THandler : AudioStreamHandler<TCall> =>
        Map(endpoints, pattern, (services, _) => ActivatorUtilities.GetServiceOrCreateInstance<THandler>(services), configure);

    /// <summary>
    /// Maps the WebSocket to a delegate: the call is the route value <see cref="AudioStreamOptions.CallIdRouteValue"/>
    /// (<c>callId</c>, as in <c>/audio/{callId}</c>), and every connection that names one is admitted.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route, with the call id in it.</param>
    /// <param name="run">Runs a session (see <see cref="AudioStreamHandler{TCall}.RunAsync"/>).</param>
    /// <param name="configure">Changes to the options for this endpoint.</param>
    public static IEndpointConventionBuilder MapAudioStream(
        this IEndpointRouteBuilder endpoints,
        [StringSyntax("Route")] string pattern,
        Func<AudioStreamSession, CancellationToken, Task> run,
        Action<AudioStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Map(endpoints, pattern, (_, options) => new DelegateAudioStreamHandler(run, options.CallIdRouteValue), configure);
    }

    private static IEndpointConventionBuilder Map<TCall>(
        IEndpointRouteBuilder endpoints,
        string pattern,
        Func<IServiceProvider, AudioStreamOptions, AudioStreamHandler<TCall>> createHandler,
        Action<AudioStreamOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var services = endpoints.ServiceProvider;
        var options = (services.GetService<IOptions<AudioStreamOptions>>()?.Value ?? new AudioStreamOptions()).Clone();
        configure?.Invoke(options);
        options.Validate();

        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(AudioStreamDiagnostics.Name);
        var metrics = services.GetService<AudioStreamMetrics>() ?? new AudioStreamMetrics(services.GetService<IMeterFactory>());
        var context = new AudioStreamEndpointContext(
            options,
            logger,
            metrics,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            pattern,
            services.GetService<IHostApplicationLifetime>());
        var endpoint = new AudioStreamEndpoint<TCall>(createHandler(services, options), context);

        // WebSockets for this endpoint only, with its keep-alive (the SignalR way): the application's pipeline is untouched.
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.KeepAliveInterval, KeepAliveTimeout = options.KeepAliveTimeout });
        pipeline.Run(endpoint.HandleAsync);
        return endpoints.Map(pattern, pipeline.Build()).WithDisplayName("EslKit.AudioStream " + pattern);
    }
}
