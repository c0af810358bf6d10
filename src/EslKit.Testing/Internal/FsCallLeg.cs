using System.Globalization;

namespace EslKit.Testing.Internal;

/// <summary>
/// One channel of an originated call as mod_sofia and the core describe it in events: the leg the originate creates
/// (outbound, <c>Caller-Source: src/switch_ivr_originate.c</c>) or, in lab mode, the far end's leg on the carrier
/// profile (inbound). Holds the state, times and variables; builds CHANNEL_* events in FreeSWITCH 1.11's header order
/// (basic data, codecs once there is media, the caller profile, the variables) and fires them.
/// </summary>
internal sealed class FsCallLeg
{
    private readonly EslSwitchEmulator _emulator;
    private readonly object _lock = new();
    private long _progressAt;
    private long _answeredAt;
    private long _hungupAt;
    private int _stateNumber = 2;
    private bool _media;
    private string? _cause;
    private string? _lastApplication;
    private string? _lastArgument;

    public FsCallLeg(EslSwitchEmulator emulator, EslEmulatorChannel channel, bool outbound, string source, string context, bool hitDialplan, string? username)
    {
        _emulator = emulator;
        Channel = channel;
        IsOutbound = outbound;
        Source = source;
        Context = context;
        HitDialplan = hitDialplan;
        Username = username;
        CreatedAt = emulator.NowMicroseconds();
        channel.CallLeg = this;
        channel.State = "CS_INIT";
        channel.CallState = "DOWN";
        channel.AnswerState = "ringing";
        channel.Direction = outbound ? "outbound" : "inbound";
        channel.Context = context;
    }

    public EslEmulatorChannel Channel { get; }

    public bool IsOutbound { get; }

    public string Source { get; }

    public string Context { get; }

    public bool HitDialplan { get; }

    public string? Username { get; }

    public long CreatedAt { get; }

    public string? NetworkAddress { get; set; }

    /// <summary>The leg at the other end in lab mode (the carrier's), hung up with this one.</summary>
    public FsCallLeg? Peer { get; set; }

    /// <summary>The gateway a leg went through (for its statistics and failed-call counts).</summary>
    public EslEmulatorGateway? Gateway { get; set; }

    /// <summary>Cancelled when the leg hangs up: ends its timers (ringing, talk time).</summary>
    public CancellationTokenSource Ended { get; } = new();

    /// <summary>Completes with the cause once CHANNEL_HANGUP fired.</summary>
    public TaskCompletionSource<string> HungUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when an outbound socket took the channel over (its events are then that call's).</summary>
    public EslEmulatorOutboundCall? Socket { get; set; }

    public bool IsAnswered => Volatile.Read(ref _answeredAt) != 0;

    public bool IsHungUp => HungUp.Task.IsCompleted;

    public long AnsweredAt => Volatile.Read(ref _answeredAt);

    public void Fire(string name)
    {
        lock (_lock)
        {
            _emulator.Deliver(Build(name), only: null);
        }
    }

    /// <summary>Moves the state without an event (the state machine's own steps FreeSWITCH does not announce to these listeners).</summary>
    public void SetState(string state, int stateNumber, string? callState)
    {
        lock (_lock)
        {
            Channel.State = state;
            _stateNumber = stateNumber;
            if (callState is not null)
            {
                Channel.CallState = callState;
            }
        }
    }

    /// <summary>The far end rings (180): CHANNEL_PROGRESS.</summary>
    public void Progress(string state, int stateNumber)
    {
        lock (_lock)
        {
            if (IsHungUp || _progressAt != 0)
            {
                return;
            }

            _progressAt = _emulator.NowMicroseconds();
            Channel.State = state;
            _stateNumber = stateNumber;
            if (!IsOutbound)
            {
                Channel.CallState = "RINGING";
            }

            _emulator.Deliver(Build("CHANNEL_PROGRESS"), only: null);
            if (IsOutbound)
            {
                Channel.CallState = "RINGING";
            }
        }
    }

    /// <summary>The call is answered: CHANNEL_ANSWER with media (codec headers from now on).</summary>
    public void Answer(string state, int stateNumber, IEnumerable<KeyValuePair<string, string>> variables)
    {
        lock (_lock)
        {
            if (IsHungUp || _answeredAt != 0)
            {
                return;
            }

            Volatile.Write(ref _answeredAt, _emulator.NowMicroseconds());
            Channel.State = state;
            _stateNumber = stateNumber;
            Channel.AnswerState = "answered";
            _media = true;
            NetworkAddress ??= "127.0.0.1";
            foreach (var (name, value) in variables)
            {
                Channel.SetVariable(name, value);
            }

            _emulator.Deliver(Build("CHANNEL_ANSWER"), only: null);
            Channel.CallState = "ACTIVE";
        }
    }

    /// <summary>Parked by the originate's <c>&amp;park</c> (or running its application): CS_EXECUTE.</summary>
    public void Execute(string application, string? argument)
    {
        lock (_lock)
        {
            Channel.State = "CS_EXECUTE";
            _stateNumber = 4;
            _lastApplication = application;
            _lastArgument = argument;
            Channel.SetVariable("current_application", application);
        }
    }

    /// <summary>CHANNEL_HANGUP (<paramref name="fireHangup"/>) with the cause and the endpoint's hangup variables; false when already down.</summary>
    public bool Hangup(string cause, IEnumerable<KeyValuePair<string, string>> variables, bool fireHangup = true)
    {
        lock (_lock)
        {
            if (IsHungUp)
            {
                return false;
            }

            _cause = FsCauses.Normalize(cause);
            _stateNumber = 10;
            Channel.AnswerState = "hangup";
            Channel.IsUp = false;
            foreach (var (name, value) in variables)
            {
                Channel.SetVariable(name, value);
            }

            if (fireHangup)
            {
                _emulator.Deliver(Build("CHANNEL_HANGUP"), only: null);
            }
        }

        HungUp.TrySetResult(_cause!);
        Ended.Cancel();
        return true;
    }

    /// <summary>The reporting state: the CDR variables and CHANNEL_HANGUP_COMPLETE; the channel leaves the table.</summary>
    public void Complete(IEnumerable<KeyValuePair<string, string>> variables)
    {
        CompleteCore(variables);
        if (!KeepRegistered)
        {
            _emulator.ForgetChannel(Channel);
        }
    }

    /// <summary>
    /// True while an originate is still trying its next legs: a failed leg's session is torn down by its own thread while
    /// the originate already creates the next leg, so for that moment its uuid is still taken ("Duplicate UUID!").
    /// </summary>
    public bool KeepRegistered { get; set; }

    /// <summary>True once CHANNEL_HANGUP_COMPLETE fired.</summary>
    public bool Completed { get; private set; }

    private void CompleteCore(IEnumerable<KeyValuePair<string, string>> variables)
    {
        lock (_lock)
        {
            string cause = _cause ?? "NORMAL_CLEARING";
            Channel.State = "CS_REPORTING";
            Channel.CallState = "HANGUP";
            _stateNumber = 11;
            _hungupAt = _emulator.NowMicroseconds();
            Channel.SetVariable("hangup_cause", cause);
            Channel.SetVariable("hangup_cause_q850", FsCauses.Q850(cause));
            SetCdrVariables();
            foreach (var (name, value) in variables)
            {
                Channel.SetVariable(name, value);
            }

            _emulator.Deliver(Build("CHANNEL_HANGUP_COMPLETE"), only: null);
            Completed = true;
        }

        _emulator.Calls.OnLegEnded(this);
    }

    private EslEmulatorEvent Build(string name)
    {
        var ev = _emulator.CreateEvent(name);
        if (name == "CHANNEL_HANGUP_COMPLETE")
        {
            ev.AddHeader("Hangup-Cause", _cause ?? "NORMAL_CLEARING");
        }

        ev.AddHeader("Channel-State", Channel.State)
            .AddHeader("Channel-Call-State", Channel.CallState)
            .AddHeader("Channel-State-Number", _stateNumber.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Channel-Name", Channel.Name)
            .AddHeader("Unique-ID", Channel.Id)
            .AddHeader("Call-Direction", Channel.Direction)
            .AddHeader("Presence-Call-Direction", Channel.Direction)
            .AddHeader("Channel-HIT-Dialplan", HitDialplan ? "true" : "false")
            .AddHeader("Channel-Call-UUID", Channel.Id)
            .AddHeader("Answer-State", Channel.AnswerState);
        if (_cause is not null)
        {
            ev.AddHeader("Hangup-Cause", _cause);
        }

        if (_media || !IsOutbound)
        {
            ev.AddHeader("Channel-Read-Codec-Name", "PCMU")
                .AddHeader("Channel-Read-Codec-Rate", "8000")
                .AddHeader("Channel-Read-Codec-Bit-Rate", "64000")
                .AddHeader("Channel-Write-Codec-Name", "PCMU")
                .AddHeader("Channel-Write-Codec-Rate", "8000")
                .AddHeader("Channel-Write-Codec-Bit-Rate", "64000");
        }

        // switch_caller_profile_event_set_data; empty values are dropped on delivery, as FreeSWITCH drops them.
        string callerNumber = Channel.CallerIdNumber;
        ev.AddHeader("Caller-Direction", Channel.Direction)
            .AddHeader("Caller-Logical-Direction", Channel.Direction)
            .AddHeader("Caller-Username", Username ?? string.Empty)
            .AddHeader("Caller-Dialplan", IsOutbound ? string.Empty : "XML")
            .AddHeader("Caller-Caller-ID-Name", Channel.CallerIdName)
            .AddHeader("Caller-Caller-ID-Number", callerNumber)
            .AddHeader("Caller-Orig-Caller-ID-Name", Channel.CallerIdName)
            .AddHeader("Caller-Orig-Caller-ID-Number", callerNumber)
            .AddHeader("Caller-Callee-ID-Name", IsOutbound ? "Outbound Call" : string.Empty)
            .AddHeader("Caller-Callee-ID-Number", IsOutbound ? Channel.DestinationNumber : string.Empty)
            .AddHeader("Caller-Network-Addr", NetworkAddress ?? string.Empty)
            .AddHeader("Caller-ANI", callerNumber)
            .AddHeader("Caller-Destination-Number", Channel.DestinationNumber)
            .AddHeader("Caller-Unique-ID", Channel.Id)
            .AddHeader("Caller-Source", Source)
            .AddHeader("Caller-Context", Context)
            .AddHeader("Caller-Channel-Name", Channel.Name)
            .AddHeader("Caller-Profile-Index", "1")
            .AddHeader("Caller-Profile-Created-Time", Micro(CreatedAt))
            .AddHeader("Caller-Channel-Created-Time", Micro(CreatedAt))
            .AddHeader("Caller-Channel-Answered-Time", Micro(_answeredAt))
            .AddHeader("Caller-Channel-Progress-Time", Micro(_progressAt))
            .AddHeader("Caller-Channel-Progress-Media-Time", "0")
            .AddHeader("Caller-Channel-Hangup-Time", Micro(_hungupAt))
            .AddHeader("Caller-Channel-Transfer-Time", "0")
            .AddHeader("Caller-Channel-Resurrect-Time", "0")
            .AddHeader("Caller-Channel-Bridged-Time", "0")
            .AddHeader("Caller-Channel-Last-Hold", "0")
            .AddHeader("Caller-Channel-Hold-Accum", "0")
            .AddHeader("Caller-Screen-Bit", "true")
            .AddHeader("Caller-Privacy-Hide-Name", "false")
            .AddHeader("Caller-Privacy-Hide-Number", "false");
        foreach (var (key, value) in Channel.Variables)
        {
            ev.AddHeader("variable_" + key, value);
        }

        return ev;

        static string Micro(long value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>switch_channel_set_timestamps: what CHANNEL_HANGUP_COMPLETE carries (billsec, duration …).</summary>
    private void SetCdrVariables()
    {
        var zone = _emulator.Options.TimeProvider.LocalTimeZone;
        long created = CreatedAt;
        long answered = _answeredAt;
        long progress = _progressAt;
        long hungup = _hungupAt;
        Set("digits_dialed", "none");
        Stamp("start_stamp", created);
        Stamp("profile_start_stamp", created);
        Stamp("answer_stamp", answered);
        Stamp("progress_stamp", progress);
        Stamp("end_stamp", hungup);
        Epochs("start", created);
        Epochs("profile_start", created);
        Epochs("answer", answered);
        Epochs("bridge", 0);
        Epochs("last_hold", 0);
        Set("hold_accum_seconds", "0");
        Set("hold_accum_usec", "0");
        Set("hold_accum_ms", "0");
        Epochs("resurrect", 0);
        Epochs("progress", progress);
        Epochs("progress_media", 0);
        Epochs("end", hungup);
        if (_lastApplication is not null)
        {
            Set("last_app", _lastApplication);
            if (_lastArgument is not null)
            {
                Set("last_arg", _lastArgument);
            }
        }

        Set("caller_id", Channel.CallerIdName.Length > 0 ? $"\"{Channel.CallerIdName}\" <{Channel.CallerIdNumber}>" : Channel.CallerIdNumber);
        foreach (var (unit, divisor) in new[] { ("sec", 1_000_000L), ("msec", 1000L), ("usec", 1L) })
        {
            string duration = unit switch { "sec" => "duration", "msec" => "mduration", _ => "uduration" };
            Set(duration, Between(created, hungup, divisor));
            Set("bill" + unit, answered != 0 ? Between(answered, hungup, divisor) : "0");
            Set("progress" + unit, progress != 0 ? Between(created, progress, divisor) : "0");
            Set("answer" + unit, answered != 0 ? Between(created, answered, divisor) : "0");
            Set("wait" + unit, "0");
            Set("progress_media" + unit, "0");
            Set("flow_bill" + unit, answered != 0 ? Between(created, hungup, divisor) : "0");
        }

        void Set(string name, string value) => Channel.SetVariable(name, value);

        void Stamp(string name, long time)
        {
            if (time != 0)
            {
                Set(name, FsText.DateLocal(DateTimeOffset.UnixEpoch.AddTicks(time * 10), zone));
            }
        }

        void Epochs(string name, long time)
        {
            Set(name + "_epoch", (time / 1_000_000).ToString(CultureInfo.InvariantCulture));
            Set(name + "_uepoch", time.ToString(CultureInfo.InvariantCulture));
        }

        static string Between(long from, long to, long divisor) => ((to / divisor) - (from / divisor)).ToString(CultureInfo.InvariantCulture);
    }
}
