namespace EslKit.Testing;

/// <summary>
/// A channel the emulator pretends to have, so that <c>sendmsg &lt;uuid&gt;</c>, <c>myevents &lt;uuid&gt;</c>,
/// <c>uuid_kill</c>, <c>uuid_getvar</c> and <c>sendevent</c> with a <c>Unique-ID</c> find it, and
/// <see cref="EslSwitchEmulator.CreateChannelEvent"/> can describe it with FreeSWITCH's channel headers.
/// </summary>
/// <remarks>Nothing runs on it: script what a channel would do with <see cref="EslSwitchEmulator.OnSendMessage"/> and published events.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The hangup token has no timer and may be observed after the channel ended, so it is never disposed.")]
public sealed class EslEmulatorChannel
{
    private static readonly string[] StateNames =
    [
        "CS_NEW", "CS_INIT", "CS_ROUTING", "CS_SOFT_EXECUTE", "CS_EXECUTE", "CS_EXCHANGE_MEDIA", "CS_PARK",
        "CS_CONSUME_MEDIA", "CS_HIBERNATE", "CS_RESET", "CS_HANGUP", "CS_REPORTING", "CS_DESTROY",
    ];

    private readonly object _lock = new();
    private readonly List<KeyValuePair<string, string>> _variables = [];
    private readonly List<EslReceivedCommand> _messages = [];
    private readonly List<EslEmulatorEvent> _queuedEvents = [];
    private readonly CancellationTokenSource _down = new();

    // Channels come from EslSwitchEmulator.AddChannel, which registers them.
    internal EslEmulatorChannel(Guid uniqueId, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        UniqueId = uniqueId;
        Id = uniqueId.ToString("D");
        Name = name;
    }

    /// <summary>The <c>Unique-ID</c>.</summary>
    public Guid UniqueId { get; }

    // The Unique-ID as FreeSWITCH writes it (lowercase, hyphens): the key commands find the channel by.
    internal string Id { get; }

    /// <summary>The <c>Channel-Name</c>.</summary>
    public string Name { get; }

    /// <summary><c>Channel-State</c> (e.g. <c>CS_EXECUTE</c>).</summary>
    public string State { get; set; } = "CS_EXECUTE";

    /// <summary><c>Channel-Call-State</c> (e.g. <c>ACTIVE</c>, <c>RINGING</c>, <c>HANGUP</c>).</summary>
    public string CallState { get; set; } = "ACTIVE";

    /// <summary><c>Answer-State</c> (e.g. <c>answered</c>, <c>ringing</c>, <c>hangup</c>).</summary>
    public string AnswerState { get; set; } = "answered";

    /// <summary><c>Call-Direction</c> (<c>inbound</c> or <c>outbound</c>).</summary>
    public string Direction { get; set; } = "outbound";

    /// <summary><c>Caller-Caller-ID-Name</c>.</summary>
    public string CallerIdName { get; set; } = "Outbound Call";

    /// <summary><c>Caller-Caller-ID-Number</c>.</summary>
    public string CallerIdNumber { get; set; } = "0000000000";

    /// <summary><c>Caller-Destination-Number</c>.</summary>
    public string DestinationNumber { get; set; } = string.Empty;

    /// <summary><c>Caller-Context</c>.</summary>
    public string Context { get; set; } = "default";

    /// <summary>False once hung up (<c>uuid_kill</c>, <c>sendmsg … hangup</c>, <see cref="EslSwitchEmulator.HangupChannelAsync"/>).</summary>
    public bool IsUp
    {
        get => !_down.IsCancellationRequested;
        internal set
        {
            if (!value)
            {
                _down.Cancel(); // what listens (a media bug) only schedules work
            }
        }
    }

    /// <summary>
    /// What the caller heard: the audio played into the call (<c>playback</c>, also of the files mod_audio_stream wrote),
    /// each file up to where it stopped.
    /// </summary>
    public EslHeardAudio Heard => Media.Heard;

    // Cancelled when the channel hangs up (IsUp false).
    internal CancellationToken Down => _down.Token;

    // The caller's script, what was played, the audio stream (handed on from an originated leg to its socket call).
    internal Internal.FsChannelMedia Media { get; set; } = new();

    /// <summary><c>Channel-State-Number</c>, derived from <see cref="State"/>.</summary>
    public int StateNumber => Math.Max(0, Array.IndexOf(StateNames, State));

    /// <summary>The channel variables in the order they were set (written as <c>variable_*</c> headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables
    {
        get
        {
            lock (_lock)
            {
                return [.. _variables];
            }
        }
    }

    /// <summary>The <c>sendmsg</c> packets addressed to this channel, in order.</summary>
    public IReadOnlyList<EslReceivedCommand> ReceivedMessages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Events a client sent with <c>sendevent</c> and a <c>Unique-ID</c> of this channel (FreeSWITCH queues them to the session instead of firing them).</summary>
    public IReadOnlyList<EslEmulatorEvent> QueuedEvents
    {
        get
        {
            lock (_lock)
            {
                return [.. _queuedEvents];
            }
        }
    }

    /// <summary>
    /// Sets a channel variable the way <c>switch_channel_set_variable</c> does: any earlier value is removed and the
    /// variable is added at the end (so its <c>variable_*</c> header moves last); an empty value unsets it.
    /// </summary>
    public EslEmulatorChannel SetVariable(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        value = Internal.FsEvent.CString(value);
        lock (_lock)
        {
            int index = _variables.FindIndex(v => string.Equals(v.Key, name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                _variables.RemoveAt(index);
            }

            if (value.Length > 0)
            {
                _variables.Add(new(name, value));
            }
        }

        return this;
    }

    /// <summary>A channel variable (name compared ignoring case, as FreeSWITCH does), or null when unset.</summary>
    public string? GetVariable(string name)
    {
        lock (_lock)
        {
            foreach (var (key, value) in _variables)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }
    }

    // The originated call leg this channel is (originate's call model), or null.
    internal Internal.FsCallLeg? CallLeg { get; set; }

    /// <summary>The emulated outbound call this channel belongs to, or null for a channel made by <see cref="EslSwitchEmulator.AddChannel"/>.</summary>
    public EslEmulatorOutboundCall? OutboundCall { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{UniqueId}]{(IsUp ? string.Empty : " (hung up)")}";

    internal void AddMessage(EslReceivedCommand message)
    {
        lock (_lock)
        {
            _messages.Add(message);
        }
    }

    internal void AddQueuedEvent(EslEmulatorEvent ev)
    {
        lock (_lock)
        {
            _queuedEvents.Add(ev);
        }
    }
}
