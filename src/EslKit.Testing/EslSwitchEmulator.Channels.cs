using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace EslKit.Testing;

public sealed partial class EslSwitchEmulator
{
    private readonly ConcurrentDictionary<string, EslEmulatorChannel> _channels = new(StringComparer.Ordinal);
    private Func<EslEmulatorChannel, EslReceivedCommand, CancellationToken, ValueTask>? _sendMessageHandler;
    private int _sessionsSinceStartup;
    private int _sessionPeak;

    /// <summary>The channels currently up.</summary>
    public IReadOnlyList<EslEmulatorChannel> Channels => [.. _channels.Values];

    /// <summary>
    /// Adds a channel the emulator pretends to have (for <c>sendmsg</c>, <c>myevents</c>, <c>uuid_kill</c>,
    /// <c>uuid_getvar</c>, HEARTBEAT's Session-Count …). The uuid comes from <see cref="EslEmulatorOptions.UuidFactory"/> when not given.
    /// </summary>
    public EslEmulatorChannel AddChannel(string name = "sofia/external/60123456789", Guid? uniqueId = null)
    {
        var channel = new EslEmulatorChannel(uniqueId ?? NewGuid(), name);
        RegisterChannel(channel);
        return channel;
    }

    /// <summary>Finds a channel that is up by its uuid.</summary>
    public bool TryGetChannel(Guid uniqueId, [NotNullWhen(true)] out EslEmulatorChannel? channel) =>
        _channels.TryGetValue(uniqueId.ToString("D"), out channel);

    /// <summary>Finds a channel by the uuid text a command carries, compared exactly as FreeSWITCH's session table does.</summary>
    internal bool TryFindChannel(string? uniqueId, [NotNullWhen(true)] out EslEmulatorChannel? channel) =>
        _channels.TryGetValue(uniqueId ?? string.Empty, out channel);

    internal void RegisterChannel(EslEmulatorChannel channel)
    {
        if (!_channels.TryAdd(channel.Id, channel))
        {
            throw new InvalidOperationException($"A channel {channel.UniqueId} already exists.");
        }

        int current = _channels.Count;
        Interlocked.Increment(ref _sessionsSinceStartup);
        int peak;
        while (current > (peak = Volatile.Read(ref _sessionPeak)) && Interlocked.CompareExchange(ref _sessionPeak, current, peak) != peak)
        {
        }
    }

    /// <summary>A hung-up channel of an outbound call leaves the table (sendmsg to it then answers -ERR invalid session id).</summary>
    internal void ForgetChannel(EslEmulatorChannel channel) => _channels.TryRemove(new KeyValuePair<string, EslEmulatorChannel>(channel.Id, channel));

    /// <summary>
    /// Hangs a channel up: it disappears (<c>sendmsg</c> to it answers <c>-ERR invalid session id</c>), and a
    /// connection that controls it through <c>myevents &lt;uuid&gt;</c> gets the linger notice (after
    /// <c>linger</c>) or is disconnected, as FreeSWITCH does. Publish CHANNEL_HANGUP etc. yourself if needed.
    /// </summary>
    /// <returns>False when there was no such channel.</returns>
    public ValueTask<bool> HangupChannelAsync(Guid uniqueId, string cause = "NORMAL_CLEARING") => ValueTask.FromResult(HangupChannel(uniqueId.ToString("D"), cause));

    private bool HangupChannel(string uniqueId, string cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        if (TryFindChannel(uniqueId, out var callChannel) && callChannel.OutboundCall is { } call)
        {
            // An outbound call's channel hangs up with its full sequence of events.
            call.Hangup(cause);
            return true;
        }

        if (TryFindChannel(uniqueId, out var legChannel) && legChannel.CallLeg is { } leg)
        {
            // An originated call: its leg hangs up with its events; the far end follows.
            return HangupCallLeg(leg, cause);
        }

        if (!_channels.TryRemove(uniqueId ?? string.Empty, out var channel))
        {
            return false;
        }

        channel.IsUp = false;
        channel.State = "CS_HANGUP";
        channel.CallState = "HANGUP";
        channel.AnswerState = "hangup";
        channel.SetVariable("hangup_cause", cause);
        foreach (var connection in ActiveConnections)
        {
            connection.OnChannelDown(channel);
        }

        return true;
    }

    /// <summary>
    /// Runs <paramref name="handler"/> for every <c>sendmsg</c> addressed to a channel, after the <c>+OK</c>
    /// reply (FreeSWITCH queues the message and answers at once). Use it to publish what the channel would
    /// do (CHANNEL_EXECUTE …). Without a handler, messages are only recorded, and a <c>call-command: hangup</c>
    /// hangs the channel up.
    /// </summary>
    public void OnSendMessage(Func<EslEmulatorChannel, EslReceivedCommand, CancellationToken, ValueTask>? handler) => _sendMessageHandler = handler;

    internal void DispatchSendMessage(EslEmulatorChannel channel, EslReceivedCommand message)
    {
        if (channel.OutboundCall is { } call)
        {
            call.QueueMessage(message); // the channel runs it (its private event queue)
            return;
        }

        channel.AddMessage(message);
        var handler = _sendMessageHandler;
        if (handler is null)
        {
            if (string.Equals(message["call-command"], "hangup", StringComparison.OrdinalIgnoreCase))
            {
                HangupChannel(channel.Id, message["hangup-cause"] ?? "NORMAL_CLEARING");
            }

            return;
        }

        var job = Task.Run(async () =>
        {
            try
            {
                await handler(channel, message, _lifetime.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_lifetime.IsCancellationRequested)
            {
                RecordHandlerError(ex);
            }
        });
        TrackJob(job);
    }

    private (int Current, int SinceStartup, int Peak) SessionStats() =>
        (_channels.Count, Volatile.Read(ref _sessionsSinceStartup), Volatile.Read(ref _sessionPeak));
}
