using System.Collections.Concurrent;
using EslKit.Diagnostics;
using EslKit.Protocol;
using Microsoft.Extensions.Logging;

namespace EslKit.Connections;

/// <summary>
/// Routes each event to the subscriptions that want it, in arrival order, materialising it at most once.
/// Subscriptions for one channel are indexed by Unique-ID, so thousands of them cost one lookup per
/// event. Subscribing and disposing may happen on any thread while the read loop dispatches.
/// </summary>
internal sealed class EslEventRouter
{
    private readonly ConcurrentDictionary<Guid, Route[]> _byChannel = new();
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private readonly string _endpoint;
    private Route[] _global = [];
    private bool _completed;
    private Exception? _completionError;

    /// <param name="logger">Where delivery problems are logged.</param>
    /// <param name="endpoint">The peer, for those logs.</param>
    public EslEventRouter(ILogger logger, string endpoint)
    {
        _logger = logger;
        _endpoint = endpoint;
    }

    /// <param name="selector">What the subscription receives.</param>
    /// <param name="options">Its buffering.</param>
    /// <param name="disposed">Runs once when the consumer disposes it (after it stopped receiving).</param>
    public EslSubscription<EslEvent> Add(EslEventSelector selector, EslSubscriptionOptions options, Action? disposed = null)
    {
        Route? route = null;
        var subscription = new EslSubscription<EslEvent>(selector.ToString(), options, _logger, _ =>
        {
            Remove(route!);
            disposed?.Invoke();
        });
        route = new Route(new EslEventMatcher(selector), subscription);
        lock (_gate)
        {
            if (_completed)
            {
                // The connection is over: a late subscriber ends at once instead of waiting forever.
                subscription.Complete(_completionError);
                return subscription;
            }

            if (route.Matcher.ChannelId is { } channel)
            {
                _byChannel.AddOrUpdate(channel, static (_, r) => [r], static (_, existing, r) => [.. existing, r], route);
            }
            else
            {
                _global = [.. _global, route];
            }
        }

        return subscription;
    }

    /// <summary>
    /// Offers one event to every matching subscription (<paramref name="subclass"/>: the decoded
    /// Event-Subclass of a CUSTOM event). <paramref name="materialised"/> is the event if the owner already
    /// built it, so it is never parsed twice. An event that cannot be read is logged and dropped.
    /// </summary>
    public void Dispatch(ref EslEventView view, EslEventName name, scoped ReadOnlySpan<byte> subclass, EslEvent? materialised = null)
    {
        var global = Volatile.Read(ref _global);
        Route[]? channelRoutes = null;
        if (!_byChannel.IsEmpty && view.TryGetUniqueId(out var channel))
        {
            _byChannel.TryGetValue(channel, out channelRoutes);
        }

        if (global.Length == 0 && channelRoutes is null)
        {
            return;
        }

        try
        {
            Offer(global, name, subclass, ref view, ref materialised);
            if (channelRoutes is not null)
            {
                Offer(channelRoutes, name, subclass, ref view, ref materialised);
            }
        }
        catch (EslProtocolException ex)
        {
            EslLog.MalformedEvent(_logger, _endpoint, ex);
        }
    }

    /// <summary>
    /// The decoded Event-Subclass of a CUSTOM event (URL-encoded in plain events: "sofia%3A%3Aregister"),
    /// in <paramref name="scratch"/> when it fits; empty for other events.
    /// </summary>
    public static ReadOnlySpan<byte> Subclass(in EslEventView view, EslEventName name, Span<byte> scratch) =>
        name == EslEventName.Custom && view.TryGetRawValue(EslHeaderNames.EventSubclass, out var raw)
            ? raw.Length <= scratch.Length ? scratch[..view.DecodeValue(raw, scratch)] : raw
            : default;

    /// <summary>Ends every subscription (e.g. when the client is disposed).</summary>
    public void CompleteAll(Exception? error)
    {
        Route[] global;
        Route[][] channels;
        lock (_gate)
        {
            _completed = true;
            _completionError = error;
            global = _global;
            channels = [.. _byChannel.Values];
            _global = [];
            _byChannel.Clear();
        }

        foreach (var route in global.Concat(channels.SelectMany(r => r)))
        {
            route.Subscription.Complete(error);
        }
    }

    private static void Offer(Route[] routes, EslEventName name, scoped ReadOnlySpan<byte> subclass, ref EslEventView view, ref EslEvent? materialised)
    {
        foreach (var route in routes)
        {
            if (route.Matcher.Matches(name, subclass))
            {
                materialised ??= view.ToEvent();
                route.Subscription.Deliver(materialised);
            }
        }
    }

    private void Remove(Route route)
    {
        lock (_gate)
        {
            if (route.Matcher.ChannelId is { } channel)
            {
                if (_byChannel.TryGetValue(channel, out var routes))
                {
                    var left = routes.Where(r => !ReferenceEquals(r, route)).ToArray();
                    if (left.Length == 0)
                    {
                        _byChannel.TryRemove(channel, out _);
                    }
                    else
                    {
                        _byChannel[channel] = left;
                    }
                }
            }
            else
            {
                _global = _global.Where(r => !ReferenceEquals(r, route)).ToArray();
            }
        }
    }

    private sealed record Route(EslEventMatcher Matcher, EslSubscription<EslEvent> Subscription);
}
