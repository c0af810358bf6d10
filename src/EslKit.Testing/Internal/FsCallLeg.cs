using System.Globalization;

namespace EslKit.Testing.Internal;

/// <summary>
/// One channel of an originated call as mod_sofia and the core describe it in events: the leg the originate creates
/// (outbound, <c>Caller-Source: src/switch_ivr_originate.c</c>) or, in lab mode, the far end's leg on the carrier
/// profile (inbound). Holds the state, times, caller profile and variables; builds CHANNEL_* events in FreeSWITCH
/// 1.11's header order (basic data, codecs once there is media, the caller profile, the variables) and fires them.
/// The variables each step sets are the caller's to give (<see cref="FsSofia"/>, <see cref="FsLabCarrier"/>), in the
/// order FreeSWITCH sets them: setting a variable again moves it last, as switch_channel_set_variable does.
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
        CalleeName = outbound ? "Outbound Call" : string.Empty;
        CalleeNumber = outbound ? channel.DestinationNumber : string.Empty;
        channel.CallLeg = this;
        channel.State = "CS_INIT";
        channel.CallState = "DOWN";
        channel.AnswerState = "ringing";
        channel.Direction = outbound ? "outbound" : "inbound";
        channel.Context = context;
    }

    public EslSwitchEmulator Emulator => _emulator;

    public EslEmulatorChannel Channel { get; }

    public bool IsOutbound { get; }

    public string Source { get; }

    public string Context { get; }

    /// <summary>Channel-HIT-Dialplan: false for an originated leg until an application runs on it.</summary>
    public bool HitDialplan { get; private set; }

    public string? Username { get; }

    public long CreatedAt { get; }

    /// <summary>Caller-Callee-ID-Name (an originated leg: "Outbound Call", then what the far end says).</summary>
    public string CalleeName { get; set; }

    /// <summary>Caller-Callee-ID-Number.</summary>
    public string CalleeNumber { get; set; }

    /// <summary>Caller-Network-Addr: set once the far end has answered anything.</summary>
    public string? NetworkAddress { get; set; }

    /// <summary>The SIP dialog's ids and the leg's media port.</summary>
    public FsSipDialog Sip { get; set; } = new();

    /// <summary>How the leg reached the far end (for the SIP variables).</summary>
    public FsRoute? Route { get; set; }

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

    public long ProgressAt => Volatile.Read(ref _progressAt);

    /// <summary>The hangup cause once hung up.</summary>
    public string? Cause => Volatile.Read(ref _cause);

    /// <summary>switch_channel_set_variable on this leg.</summary>
    public FsCallLeg Set(string name, string value)
    {
        Channel.SetVariable(name, value);
        return this;
    }

    public void Fire(string name)
    {
        lock (_lock)
        {
            _emulator.Deliver(Build(name, null), only: null);
        }
    }

    /// <summary>An event of this channel (CUSTOM with a subclass, e.g. mod_audio_stream's) with its channel data, fired in order with the leg's own.</summary>
    public EslEmulatorEvent CreateEvent(string name, string? subclass, string? callingFile = null, string? callingFunction = null, int? callingLine = null)
    {
        lock (_lock)
        {
            return Build(name, subclass, callingFile, callingFunction, callingLine);
        }
    }

    public void Publish(EslEmulatorEvent ev)
    {
        lock (_lock)
        {
            _emulator.Deliver(ev, only: null);
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

    /// <summary>The far end rings (180): its variables, then CHANNEL_PROGRESS.</summary>
    public void Progress(string state, int stateNumber, Action<FsCallLeg>? variables = null)
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

            variables?.Invoke(this);
            _emulator.Deliver(Build("CHANNEL_PROGRESS", null), only: null);
            if (IsOutbound)
            {
                Channel.CallState = "RINGING";
            }
        }
    }

    /// <summary>The call is answered: its variables, then CHANNEL_ANSWER with media (codec headers from now on).</summary>
    public void Answer(string state, int stateNumber, Action<FsCallLeg>? variables = null)
    {
        lock (_lock)
        {
            if (IsHungUp || _answeredAt != 0)
            {
                return;
            }

            Volatile.Write(ref _answeredAt, _emulator.NowMicroseconds());
            Channel.Media.MarkAnswered(_answeredAt);
            Channel.State = state;
            _stateNumber = stateNumber;
            Channel.AnswerState = "answered";
            _media = true;
            NetworkAddress ??= "127.0.0.1";
            variables?.Invoke(this);
            _emulator.Deliver(Build("CHANNEL_ANSWER", null), only: null);
            Channel.CallState = "ACTIVE";
        }
    }

    /// <summary>Sets variables between events (what happens on the leg that no subscribed event shows at once).</summary>
    public void Update(Action<FsCallLeg> variables)
    {
        lock (_lock)
        {
            variables(this);
        }
    }

    /// <summary>
    /// An application starts on the leg (switch_core_session_execute_application): <c>current_application_data</c> when it
    /// has an argument, then <c>current_application</c>; it becomes the CDR's <c>last_app</c>/<c>last_arg</c>.
    /// </summary>
    public void RunApplication(string application, string? argument)
    {
        lock (_lock)
        {
            Channel.State = "CS_EXECUTE";
            _stateNumber = 4;
            _lastApplication = application;
            _lastArgument = string.IsNullOrEmpty(argument) ? null : argument;
            if (_lastArgument is not null)
            {
                Channel.SetVariable("current_application_data", _lastArgument);
            }

            Channel.SetVariable("current_application", application);
        }
    }

    /// <summary>
    /// The originated leg leaves the originate for its application (&amp;park, &amp;socket …): it enters the dialplan
    /// (Channel-HIT-Dialplan true) and its caller id flips to the callee's (switch_channel_flip_cid), as the originate's
    /// A leg does once it runs an application of its own.
    /// </summary>
    public void EnterApplication(string application, string? argument, Action<FsCallLeg>? extra = null)
    {
        lock (_lock)
        {
            string callerNumber = Channel.CallerIdNumber;
            Set("endpoint_disposition", "ANSWER")
                .Set("pre_transfer_caller_id_number", callerNumber)
                .Set("channel_cid_flipped", "yes")
                .Set("call_uuid", Channel.Id);
            Channel.CallerIdName = CalleeName;
            Channel.CallerIdNumber = CalleeNumber;
            CalleeName = string.Empty;
            CalleeNumber = callerNumber;
            HitDialplan = true;
            RunApplication(application, argument);
            extra?.Invoke(this);
        }
    }

    /// <summary>CHANNEL_HANGUP (<paramref name="fireHangup"/>) with the cause and the endpoint's hangup variables; false when already down.</summary>
    public bool Hangup(string cause, Action<FsCallLeg>? variables = null, bool fireHangup = true)
    {
        lock (_lock)
        {
            if (IsHungUp)
            {
                return false;
            }

            variables?.Invoke(this); // what the endpoint and the last application set, before the state moves
            Volatile.Write(ref _cause, FsCauses.Normalize(cause));
            _stateNumber = 10;
            Channel.AnswerState = "hangup";
            Channel.IsUp = false;
            if (fireHangup)
            {
                _emulator.Deliver(Build("CHANNEL_HANGUP", null), only: null);
            }
        }

        HungUp.TrySetResult(_cause!);
        Ended.Cancel();
        return true;
    }

    /// <summary>
    /// The reporting state: the CDR variables (with <paramref name="beforeCdr"/>'s before them and <paramref name="afterCdr"/>'s
    /// after), CHANNEL_HANGUP_COMPLETE; the channel leaves the table.
    /// </summary>
    public void Complete(Action<FsCallLeg>? beforeCdr = null, Action<FsCallLeg>? afterCdr = null, bool timestamps = true)
    {
        lock (_lock)
        {
            string cause = _cause ?? "NORMAL_CLEARING";
            Channel.State = "CS_REPORTING";
            Channel.CallState = "HANGUP";
            _stateNumber = 11;
            _hungupAt = _emulator.NowMicroseconds();
            beforeCdr?.Invoke(this);
            Channel.SetVariable("hangup_cause", cause);
            Channel.SetVariable("hangup_cause_q850", FsCauses.Q850(cause));
            if (timestamps)
            {
                SetCdrVariables();
            }

            afterCdr?.Invoke(this);
            _emulator.Deliver(Build("CHANNEL_HANGUP_COMPLETE", null), only: null);
            Completed = true;
        }

        _emulator.Calls.OnLegEnded(this);
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

    /// <summary>True when the leg has media (codec headers); a leg refused before any SDP has none.</summary>
    public bool HasMedia
    {
        get => _media;
        set => _media = value;
    }

    private EslEmulatorEvent Build(string name, string? subclass, string? callingFile = null, string? callingFunction = null, int? callingLine = null)
    {
        var ev = _emulator.CreateEvent(name, subclass, callingFile, callingFunction, callingLine);
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

        if (_media)
        {
            ev.AddHeader("Channel-Read-Codec-Name", "PCMU")
                .AddHeader("Channel-Read-Codec-Rate", "8000")
                .AddHeader("Channel-Read-Codec-Bit-Rate", "64000")
                .AddHeader("Channel-Write-Codec-Name", "PCMU")
                .AddHeader("Channel-Write-Codec-Rate", "8000")
                .AddHeader("Channel-Write-Codec-Bit-Rate", "64000");
        }

        if (!HasCallerProfile)
        {
            AddVariables(ev);
            return ev;
        }

        // switch_caller_profile_event_set_data; empty values are dropped on delivery, as FreeSWITCH drops them.
        string callerNumber = Channel.CallerIdNumber;
        ev.AddHeader("Caller-Direction", Channel.Direction)
            .AddHeader("Caller-Logical-Direction", Channel.Direction)
            .AddHeader("Caller-Username", Username ?? string.Empty)
            .AddHeader("Caller-Dialplan", IsOutbound ? string.Empty : "XML")
            .AddHeader("Caller-Caller-ID-Name", Channel.CallerIdName)
            .AddHeader("Caller-Caller-ID-Number", callerNumber)
            .AddHeader("Caller-Orig-Caller-ID-Name", IsOutbound ? OriginalCallerIdName : Channel.CallerIdName)
            .AddHeader("Caller-Orig-Caller-ID-Number", IsOutbound ? OriginalCallerIdNumber : callerNumber)
            .AddHeader("Caller-Callee-ID-Name", CalleeName)
            .AddHeader("Caller-Callee-ID-Number", CalleeNumber)
            .AddHeader("Caller-Network-Addr", NetworkAddress ?? string.Empty)
            .AddHeader("Caller-ANI", IsOutbound ? OriginalCallerIdNumber : callerNumber)
            .AddHeader("Caller-Destination-Number", Channel.DestinationNumber)
            .AddHeader("Caller-Unique-ID", Channel.Id)
            .AddHeader("Caller-Source", Source)
            .AddHeader("Caller-Context", Channel.Context)
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
        AddVariables(ev);
        return ev;

        static string Micro(long value) => value.ToString(CultureInfo.InvariantCulture);
    }

    private void AddVariables(EslEmulatorEvent ev)
    {
        foreach (var (key, value) in Channel.Variables)
        {
            ev.AddHeader("variable_" + key, value);
        }
    }

    /// <summary>False for a leg that never got a caller profile (the carrier's end of a failed digest challenge).</summary>
    public bool HasCallerProfile { get; set; } = true;

    /// <summary>The caller id the originate gave the leg (the profile's orig- fields keep it after the flip).</summary>
    public string OriginalCallerIdName { get; set; } = string.Empty;

    /// <summary>The caller id number the originate gave the leg.</summary>
    public string OriginalCallerIdNumber { get; set; } = string.Empty;

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
