using System.Collections.Concurrent;

namespace EslKit.AudioStream.Hosting;

/// <summary>An endpoint's live sessions by call id, and its count of connections against <see cref="AudioStreamOptions.MaxSessions"/>.</summary>
internal sealed class AudioStreamRegistry
{
    private readonly ConcurrentDictionary<string, AudioStreamSession> _byCall = new(StringComparer.Ordinal);
    private readonly int _maxConnections;
    private int _connections;

    public AudioStreamRegistry(int maxConnections) => _maxConnections = maxConnections;

    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _connections) <= _maxConnections)
        {
            return true;
        }

        Interlocked.Decrement(ref _connections);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _connections);

    /// <summary>
    /// Makes <paramref name="session"/> its call's session. With <paramref name="replace"/> an existing one is
    /// displaced and returned; without, the existing one stays and <paramref name="refused"/> is set.
    /// </summary>
    public AudioStreamSession? Register(AudioStreamSession session, bool replace, out bool refused)
    {
        refused = false;
        while (true)
        {
            if (_byCall.TryAdd(session.CallId, session))
            {
                return null;
            }

            if (!_byCall.TryGetValue(session.CallId, out var existing))
            {
                continue; // it just left: try again
            }

            if (!replace)
            {
                refused = true;
                return existing;
            }

            if (_byCall.TryUpdate(session.CallId, session, existing))
            {
                return existing;
            }
        }
    }

    /// <summary>Removes the session if it is still its call's session (a replacement may have taken the key).</summary>
    public void Unregister(AudioStreamSession session) =>
        _byCall.TryRemove(KeyValuePair.Create(session.CallId, session));
}
