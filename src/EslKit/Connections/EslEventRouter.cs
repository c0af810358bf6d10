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
    private Route[] _global = [];
    private bool _completed;
    private Exception? _completionError;

    public EslEventRouter(ILogger logger) => _logger = logger;

    public bool IsEmpty => Volatile.Read(ref _global).Length == 0 && _byChannel.IsEmpty;

    public EslSubscription<EslEvent> Add(EslEventSelector selector, EslSubscriptionOptions? options)
    {
        Route? route = null;
        var subscription = new EslSubscription<EslEvent>(selector.ToString(), options ?? EslSubscriptionOptions.Default, _logger, _ => Remove(route!));
        route = new Route(selector, subscription);
        lock (_gate)
        {
            if (_completed)
            {
                // The connection is over: a late subscriber ends at once instead of waiting forever.
                subscription.Complete(_completionError);
                return subscription;
            }

            if (selector.ChannelId is { } channel)
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
    /// Event-Subclass of a CUSTOM event). Returns false if the event could not be read.
    /// </summary>
    public bool Dispatch(ref EslEventView view, EslEventName name, scoped ReadOnlySpan<byte> subclass)
    {
        var global = Volatile.Read(ref _global);
        Route[]? channelRoutes = null;
        if (!_byChannel.IsEmpty && view.TryGetUniqueId(out var channel))
        {
            _byChannel.TryGetValue(channel, out channelRoutes);
        }

        if (global.Length == 0 && channelRoutes is null)
        {
            return true;
        }

        EslEvent? materialised = null;
        try
        {
            Offer(global, name, subclass, ref view, ref materialised);
            if (channelRoutes is not null)
            {
                Offer(channelRoutes, name, subclass, ref view, ref materialised);
            }

            return true;
        }
        catch (EslProtocolException ex)
        {
            EslLog.MalformedEvent(_logger, "event router", ex);
            return false;
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
            if (route.Selector.Matches(name, subclass))
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
            if (route.Selector.ChannelId is { } channel)
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

    private sealed record Route(EslEventSelector Selector, EslSubscription<EslEvent> Subscription);
}
