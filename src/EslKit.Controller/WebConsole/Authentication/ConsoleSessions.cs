using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.WebConsole.Authentication;

/// <summary>
/// The console sessions this instance has seen end, and the live feeds open for each session. The session cookie is
/// self-contained, so a signed-out session's cookie would otherwise stay good until it expires and a feed opened with
/// it would run on: <see cref="End"/> refuses the session from then on (<see cref="ConsoleSignIn.IsStillValidAsync"/>)
/// and stops its feeds at once. Ended sessions are forgotten once their cookie could no longer be valid anyway.
/// </summary>
internal sealed class ConsoleSessions(TimeProvider time, IOptions<ConsoleOptions> options)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<CancellationTokenSource, byte>> _feeds = new(StringComparer.Ordinal);

    /// <summary>A new session id (random, 128 bits; carried in the session's claims).</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether the session was ended here (signed out).</summary>
    public bool IsEnded(string sessionId) => _ended.ContainsKey(sessionId);

    /// <summary>Ends the session: its cookie is refused from now on and its open feeds stop.</summary>
    public void End(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var now = time.GetUtcNow();
        _ended[sessionId] = now + TimeSpan.FromMinutes(options.Value.SessionMinutes);
        foreach (var (id, forgetAt) in _ended)
        {
            if (forgetAt < now)
            {
                _ended.TryRemove(id, out _);
            }
        }

        if (_feeds.TryRemove(sessionId, out var feeds))
        {
            foreach (var feed in feeds.Keys)
            {
                Stop(feed);
            }
        }
    }

    /// <summary>Tracks a feed of the session until the returned handle is disposed; <paramref name="feed"/> is cancelled when the session ends.</summary>
    public IDisposable Track(string sessionId, CancellationTokenSource feed)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(feed);
        var feeds = _feeds.GetOrAdd(sessionId, static _ => new ConcurrentDictionary<CancellationTokenSource, byte>());
        feeds[feed] = 0;
        if (IsEnded(sessionId))
        {
            Stop(feed);
        }

        return new Tracking(this, sessionId, feed);
    }

    private static void Stop(CancellationTokenSource feed)
    {
        try
        {
            feed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The feed ended on its own meanwhile.
        }
    }

    private void Untrack(string sessionId, CancellationTokenSource feed)
    {
        if (_feeds.TryGetValue(sessionId, out var feeds))
        {
            feeds.TryRemove(feed, out _);
            if (feeds.IsEmpty)
            {
                _feeds.TryRemove(new KeyValuePair<string, ConcurrentDictionary<CancellationTokenSource, byte>>(sessionId, feeds));
            }
        }
    }

    private sealed class Tracking(ConsoleSessions sessions, string sessionId, CancellationTokenSource feed) : IDisposable
    {
        public void Dispose() => sessions.Untrack(sessionId, feed);
    }
}
