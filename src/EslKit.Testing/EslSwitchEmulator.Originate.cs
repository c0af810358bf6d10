using System.Globalization;
using System.Net;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>
/// The call model: <c>originate</c> as FreeSWITCH runs it (switch_ivr_originate with mod_sofia legs), the session limits
/// (switch_core_session_request_uuid), and the APIs that report on calls and gateways.
/// </summary>
public sealed partial class EslSwitchEmulator
{
    private readonly object _throttleLock = new();
    private int _spsTotal;
    private int _spsLeft;
    private long _spsTick;
    private int _maxSessions;

    /// <summary>The call model: gateways, hosts and accounts, outcomes per number, statistics (see <see cref="EslEmulatorCalls"/>).</summary>
    public EslEmulatorCalls Calls { get; private set; } = null!;

    /// <summary>Sessions per second now in force (<see cref="EslEmulatorOptions.SessionsPerSecond"/>, changed by <c>fsctl sps</c>).</summary>
    public int SessionsPerSecond => Volatile.Read(ref _spsTotal);

    /// <summary>Max sessions now in force (<see cref="EslEmulatorOptions.MaxSessions"/>, changed by <c>fsctl max_sessions</c>).</summary>
    public int MaxSessions => Volatile.Read(ref _maxSessions);

    internal long NowMicroseconds() => FsText.Microseconds(_options.TimeProvider.GetUtcNow());

    /// <summary>
    /// switch_core_session_request_uuid's limits: every new session takes one of the second's sessions-per-second
    /// (FreeSWITCH decrements first and refuses at zero, so <c>sps N</c> lets N-1 through in a second) and must stay
    /// within max sessions. A refused session is "Throttle Error!" / "Over Session Limit!": DESTINATION_OUT_OF_ORDER.
    /// </summary>
    internal bool TryTakeSession()
    {
        lock (_throttleLock)
        {
            RefillSessionsPerSecond();
            if (--_spsLeft <= 0)
            {
                return false;
            }

            return _channels.Count + 1 <= _maxSessions;
        }
    }

    /// <summary>
    /// The soft timer's once-a-second refill (switch_time.c: <c>runtime.sps = runtime.sps_total</c>), done lazily: when a
    /// whole second of the emulator's clock (counted from its start) has begun since the last refill, the counter is
    /// full again with the total then in force. Under the throttle lock.
    /// </summary>
    private void RefillSessionsPerSecond()
    {
        long tick = (NowMicroseconds() - FsText.Microseconds(_startedAt)) / 1_000_000;
        if (tick != _spsTick)
        {
            _spsTick = tick;
            _spsLeft = _spsTotal;
        }
    }

    private void RegisterCallApis()
    {
        Calls = new EslEmulatorCalls(this);
        _spsTotal = _options.SessionsPerSecond;
        _spsLeft = _spsTotal;
        _maxSessions = _options.MaxSessions;
        _apis["originate"] = OriginateAsync;
        _apis["fsctl"] = (request, _) => ValueTask.FromResult(Fsctl(request.Argv));
        _apis["sofia"] = SofiaAsync;
        _apis["show"] = (request, _) => ValueTask.FromResult(Show(request.Argv));
    }

    private string Fsctl(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
        {
            return "-USAGE: fsctl [command]\n";
        }

        int? value = argv.Count > 1 && int.TryParse(argv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed : null;
        switch (argv[0].ToLowerInvariant())
        {
            case "sps":
                // SCSC_SPS changes the total only (when positive); the running second keeps what it has left.
                lock (_throttleLock)
                {
                    RefillSessionsPerSecond();
                    if (value is > 0 and { } sps)
                    {
                        Volatile.Write(ref _spsTotal, sps);
                    }
                }

                return $"+OK sessions per second: {SessionsPerSecond}\n";
            case "max_sessions":
                if (value is { } max)
                {
                    Volatile.Write(ref _maxSessions, max);
                }

                return $"+OK max sessions: {MaxSessions}\n";
            default:
                return "-ERR INVALID COMMAND\n";
        }
    }

    private string Show(IReadOnlyList<string> argv)
    {
        string what = argv.Count > 0 ? argv[0].ToLowerInvariant() : string.Empty;
        bool count = argv.Count > 1 && argv[1].Equals("count", StringComparison.OrdinalIgnoreCase);
        if (what is not ("calls" or "channels"))
        {
            return "-USAGE: show calls|channels [count]\n";
        }

        var channels = _channels.Values.Where(c => c.IsUp).OrderBy(c => c.CallLeg?.CreatedAt ?? 0).ToList();
        if (count)
        {
            return $"\n{channels.Count} total.\n";
        }

        if (channels.Count == 0)
        {
            return "\n0 total.\n";
        }

        // The channels table as mod_commands prints it (CSV, a header line, then "N total.").
        var text = new System.Text.StringBuilder();
        text.Append("uuid,direction,created,created_epoch,name,state,cid_name,cid_num,ip_addr,dest,application,application_data,dialplan,context,read_codec,read_rate,read_bit_rate,write_codec,write_rate,write_bit_rate,secure,hostname,presence_id,presence_data,accountcode,callstate,callee_name,callee_num,callee_direction,call_uuid,sent_callee_name,sent_callee_num,initial_cid_name,initial_cid_num,initial_ip_addr,initial_dest,initial_dialplan,initial_context\n");
        foreach (var channel in channels)
        {
            long created = channel.CallLeg?.CreatedAt ?? NowMicroseconds();
            var createdAt = DateTimeOffset.UnixEpoch.AddTicks(created * 10);
            string app = channel.GetVariable("current_application") ?? string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"{channel.Id},{channel.Direction},{FsText.DateLocal(createdAt, _options.TimeProvider.LocalTimeZone)},{created / 1_000_000},{channel.Name},{channel.State},{channel.CallerIdName},{channel.CallerIdNumber},127.0.0.1,{channel.DestinationNumber},{app},,XML,{channel.Context},PCMU,8000,64000,PCMU,8000,64000,,{_options.Hostname},,,,{channel.CallState},,,,{channel.Id},,,{channel.CallerIdName},{channel.CallerIdNumber},127.0.0.1,{channel.DestinationNumber},XML,{channel.Context}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{channels.Count} total.\n");
        return text.ToString();
    }

    private async ValueTask<string> SofiaAsync(EslApiRequest request, CancellationToken cancellationToken)
    {
        var argv = request.Argv;
        long now = NowMicroseconds();
        if (argv.Count >= 3 && argv[1].Equals("gateway", StringComparison.OrdinalIgnoreCase) && argv[0] is "status" or "xmlstatus")
        {
            if (!Calls.TryGetGateway(argv[2], out var gateway))
            {
                return "Invalid Gateway!\n";
            }

            return argv[0] == "status" ? gateway.StatusText(now) : gateway.XmlStatusText(now);
        }

        if (argv.Count >= 4 && argv[0] == "profile" && argv[2] == "killgw")
        {
            if (!Calls.TryGetGateway(argv[3], out var gateway) || !gateway.Profile.Equals(argv[1], StringComparison.OrdinalIgnoreCase))
            {
                return "-ERR no such gateway.\n";
            }

            Calls.RemoveGateway(gateway.Name);
            gateway.Set("DOWN", up: false, now);
            _removedGateways[gateway.Name] = gateway;
            await PublishAsync(GatewayStateEvent(gateway, "DOWN", "DOWN", register: true), cancellationToken).ConfigureAwait(false);
            return "+OK gateway marked for deletion.\n";
        }

        if (argv.Count >= 3 && argv[0] == "profile" && argv[2] == "rescan")
        {
            // Gateways removed with killgw come back from the configuration and register again.
            foreach (var (name, gateway) in _removedGateways.ToArray())
            {
                if (gateway.Profile.Equals(argv[1], StringComparison.OrdinalIgnoreCase) && _removedGateways.TryRemove(name, out _))
                {
                    Calls.AddGateway(gateway);
                    gateway.Set("TRYING", up: false, now);
                    TrackJob(Task.Run(() => RegisterGatewayAsync(gateway, TimeSpan.FromSeconds(1), _lifetime.Token).AsTask(), CancellationToken.None));
                }
            }

            return "Reload XML [Success]\n+OK scan complete\n";
        }

        return "-ERR Usage: sofia status|xmlstatus gateway <name> | sofia profile <profile> killgw <name>|rescan\n";
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, EslEmulatorGateway> _removedGateways = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>CUSTOM sofia::gateway_state as sofia_reg_fire_custom_gateway_state_event fires it.</summary>
    internal EslEmulatorEvent GatewayStateEvent(EslEmulatorGateway gateway, string state, string pingStatus, bool register, string? phrase = null, int? status = null)
    {
        var ev = CreateEvent("CUSTOM", "sofia::gateway_state", "sofia_reg.c", "sofia_reg_fire_custom_gateway_state_event", 156)
            .AddHeader("Gateway", gateway.Name)
            .AddHeader("State", state)
            .AddHeader("Ping-Status", pingStatus);
        if (register)
        {
            ev.AddHeader("Register-Network-IP", gateway.ProxyHost).AddHeader("Register-Network-Port", gateway.ProxyPort);
        }

        if (phrase is not null)
        {
            ev.AddHeader("Phrase", phrase).AddHeader("Status", status!.Value.ToString(CultureInfo.InvariantCulture));
        }

        return ev;
    }

    /// <summary>A gateway registers: TRYING, REGISTER (200 OK), then REGED a second later, as the capture shows.</summary>
    internal async ValueTask RegisterGatewayAsync(EslEmulatorGateway gateway, TimeSpan firstDelay, CancellationToken cancellationToken)
    {
        if (firstDelay > TimeSpan.Zero)
        {
            await Task.Delay(firstDelay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        gateway.Set("TRYING", up: false, NowMicroseconds());
        await PublishAsync(GatewayStateEvent(gateway, "TRYING", "DOWN", register: false), cancellationToken).ConfigureAwait(false);
        gateway.Set("REGISTER", up: false, NowMicroseconds());
        await PublishAsync(GatewayStateEvent(gateway, "REGISTER", "DOWN", register: true, "OK", 200), cancellationToken).ConfigureAwait(false);
        if (firstDelay > TimeSpan.Zero)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        gateway.Reset(NowMicroseconds());
        gateway.Set("REGED", up: true, NowMicroseconds());
        await PublishAsync(GatewayStateEvent(gateway, "REGED", "UP", register: true), cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- originate

    private async ValueTask<string> OriginateAsync(EslApiRequest request, CancellationToken cancellationToken)
    {
        var record = Calls.RecordOriginate(request.Arguments, request.JobUuid, request.ReceivedAt);
        string result = await OriginateCoreAsync(request, record, cancellationToken).ConfigureAwait(false);
        record.Result = result;
        return result;
    }

    private async Task<string> OriginateCoreAsync(EslApiRequest request, EslEmulatorOriginateRecord record, CancellationToken cancellationToken)
    {
        var command = FsOriginate.Parse(request.Arguments, out string? error);
        if (command is null)
        {
            return error!;
        }

        var globals = command.Dial.Enterprise.Concat(command.Dial.Global).ToList();
        int originateTimeout = Seconds(globals, "originate_timeout") ?? command.TimeoutSeconds ?? 60;
        long deadline = NowMicroseconds() + (originateTimeout * 1_000_000L);
        var continuations = request.Continuations ?? [];
        string cause = "DESTINATION_OUT_OF_ORDER";
        foreach (var group in command.Dial.Groups)
        {
            using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var runs = group.Select(leg => RunLegAsync(command, leg, deadline, record, continuations, race.Token)).ToList();
            var pending = new List<Task<LegResult>>(runs);
            LegResult? answered = null;
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                pending.Remove(done);
                var result = await done.ConfigureAwait(false);
                cause = result.Cause;
                if (result.Answered && answered is null)
                {
                    answered = result;
                    await race.CancelAsync().ConfigureAwait(false); // the others lose the race
                }
                else if (result.Answered && result.Leg is { } late)
                {
                    // Answered in the same instant as the winner: it lost the race all the same.
                    EndLeg(late, result.Peer, "LOSE_RACE", continuations, now: true);
                }
            }

            if (answered?.Leg is { } leg)
            {
                ReleaseFailedLegs(record);
                StartApplication(command, leg, answered.Peer, answered.Outcome!, continuations);
                return $"+OK {leg.Channel.Id}\n";
            }

            if (NowMicroseconds() >= deadline)
            {
                break;
            }
        }

        ReleaseFailedLegs(record);
        return $"-ERR {cause}\n";
    }

    /// <summary>The originate is over: the legs that failed are gone from the session table.</summary>
    private void ReleaseFailedLegs(EslEmulatorOriginateRecord record)
    {
        FsCallLeg[] legs;
        lock (record._legs)
        {
            legs = [.. record._legs];
        }

        foreach (var leg in legs)
        {
            leg.KeepRegistered = false;
            if (!leg.Channel.IsUp && leg.Completed)
            {
                ForgetChannel(leg.Channel);
            }
        }
    }

    private sealed record LegResult(bool Answered, string Cause, FsCallLeg? Leg = null, FsCallLeg? Peer = null, EslCallOutcome? Outcome = null);

    private async Task<LegResult> RunLegAsync(FsOriginate.Command command, FsOriginate.Leg dialLeg, long deadline, EslEmulatorOriginateRecord record, List<Func<Task>> continuations, CancellationToken race)
    {
        var variables = FsOriginate.ChannelVariables(command.Dial, dialLeg);
        string endpoint = dialLeg.Endpoint;
        if (!endpoint.StartsWith("sofia/", StringComparison.OrdinalIgnoreCase))
        {
            return new(false, "CHAN_NOT_IMPLEMENTED");
        }

        // sofia/gateway/<gw>/<number> or sofia/<profile>/<number>@<host[:port]>
        string rest = endpoint[6..];
        string? uuidText = Get(variables, "origination_uuid");
        if (uuidText is not null && TryFindChannel(uuidText, out _))
        {
            return new(false, "DESTINATION_OUT_OF_ORDER"); // "Duplicate UUID!": the session is never created
        }

        if (!TryTakeSession())
        {
            return new(false, "DESTINATION_OUT_OF_ORDER"); // "Throttle Error!" / "Over Session Limit!"
        }

        EslEmulatorGateway? gateway = null;
        string number;
        string profile;
        string? host = null;
        if (rest.StartsWith("gateway/", StringComparison.OrdinalIgnoreCase))
        {
            string[] parts = rest.Split('/', 3);
            if (parts.Length < 3 || parts[2].Length == 0)
            {
                return new(false, "INVALID_URL");
            }

            if (!Calls.TryGetGateway(parts[1], out gateway))
            {
                return new(false, "INVALID_GATEWAY");
            }

            if (!gateway.IsUp)
            {
                Interlocked.Increment(ref gateway._failedCallsOut);
                return new(false, "GATEWAY_DOWN");
            }

            number = parts[2];
            profile = gateway.Profile;
        }
        else
        {
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
            {
                return new(false, "INVALID_URL");
            }

            profile = rest[..slash];
            string target = rest[(slash + 1)..];
            int at = target.IndexOf('@', StringComparison.Ordinal);
            if (at < 0)
            {
                return new(false, "USER_NOT_REGISTERED");
            }

            number = target[..at];
            host = target[(at + 1)..];
            if (!profile.Equals("external", StringComparison.OrdinalIgnoreCase) && !Calls.Gateways.Any(g => g.Profile.Equals(profile, StringComparison.OrdinalIgnoreCase)))
            {
                return new(false, "INVALID_PROFILE");
            }
        }

        Guid id = uuidText is not null && Guid.TryParse(uuidText, out var chosen) ? chosen : NewGuid();
        string name = gateway is not null ? $"sofia/{profile}/{number}" : $"sofia/{profile}/{number}@{host}";
        string callerNumber = Get(variables, "origination_caller_id_number") ?? "0000000000";
        string callerName = Get(variables, "origination_caller_id_name") ?? string.Empty;
        var channel = new EslEmulatorChannel(id, name)
        {
            CallerIdNumber = callerNumber,
            CallerIdName = callerName,
            DestinationNumber = number,
        };
        var route = new FsRoute(number, profile, gateway, host, callerNumber);
        var leg = new FsCallLeg(this, channel, outbound: true, "src/switch_ivr_originate.c", "default", hitDialplan: false, username: null)
        {
            Gateway = gateway,
            KeepRegistered = true,
            Route = route,
            OriginalCallerIdName = callerName,
            OriginalCallerIdNumber = callerNumber,
        };
        lock (record._legs)
        {
            record._legs.Add(leg);
        }

        // sofia_outgoing_channel and the originate: what the leg carries as it is created.
        string remote = route.Remote;
        channel.SetVariable("direction", "outbound").SetVariable("is_outbound", "true").SetVariable("uuid", channel.Id)
            .SetVariable("call_uuid", channel.Id).SetVariable("session_id", NextSessionId().ToString(CultureInfo.InvariantCulture));
        if (gateway is not null)
        {
            channel.SetVariable("sip_gateway_name", gateway.Name);
        }

        channel.SetVariable("sip_local_network_addr", "127.0.0.1")
            .SetVariable("sip_profile_name", gateway is not null ? "gateway" : profile)
            .SetVariable("video_media_flow", "disabled").SetVariable("text_media_flow", "disabled")
            .SetVariable("channel_name", name)
            .SetVariable("sip_destination_url", $"sip:{number}@{remote}");
        foreach (var (key, value) in variables)
        {
            channel.SetVariable(key, value);
        }

        channel.SetVariable("originate_early_media", "true").SetVariable("originate_endpoint", "sofia")
            .SetVariable("rtp_use_codec_string", "PCMU,PCMA").SetVariable("local_media_ip", "127.0.0.1")
            .SetVariable("local_media_port", leg.Sip.MediaPort.ToString(CultureInfo.InvariantCulture))
            .SetVariable("advertised_media_ip", "127.0.0.1").SetVariable("audio_media_flow", "sendrecv")
            .SetVariable("rtp_local_sdp_str", FsSofia.Offer(leg.Sip, sendrecv: true))
            .SetVariable("sip_outgoing_contact_uri", gateway is not null ? $"<sip:gw+{gateway.Name}@{gateway.ProfileAddress};transport=udp;gw={gateway.Name}>" : $"<sip:mod_sofia@{route.ProfileAddress}>")
            .SetVariable("sip_req_uri", $"{number}@{remote}")
            .SetVariable("sip_to_host", remote)
            .SetVariable("sip_from_host", route.FromHost)
            .SetVariable("sofia_profile_name", profile).SetVariable("recovery_profile_name", profile)
            .SetVariable("sofia_profile_url", $"sip:mod_sofia@{route.ProfileAddress}");
        RegisterChannel(channel);
        Calls.OnSessionCreated();
        Calls.OnLegStarted(leg, number);
        lock (record._created)
        {
            record._created.Add(id);
        }

        if (gateway is not null)
        {
            Interlocked.Increment(ref gateway._callsOut);
        }

        leg.Fire("CHANNEL_CREATE");
        leg.SetState("CS_CONSUME_MEDIA", 7, null);

        int legTimeout = Seconds(variables, "leg_timeout") is int t ? t : int.MaxValue;
        long limit = Math.Min(deadline, legTimeout == int.MaxValue ? long.MaxValue : leg.CreatedAt + (legTimeout * 1_000_000L));
        var attempt = new EslCallAttempt(id, endpoint, number, gateway?.Name, host, variables);

        EslCallOutcome outcome;
        bool reachable = true;
        bool challengeFailed = false;
        if (host is not null)
        {
            if (!Calls.TryGetHost(host, out var sipHost))
            {
                reachable = false;
                outcome = Calls.UnreachableHostsRefuse ? EslCallOutcome.Unavailable() : EslCallOutcome.NoAnswer();
            }
            else if (!sipHost.Accepts(Get(variables, "sip_auth_username"), Get(variables, "sip_auth_password")))
            {
                challengeFailed = true;
                outcome = EslCallOutcome.Fail("CALL_REJECTED", 403, "Forbidden");
            }
            else
            {
                outcome = await Calls.OutcomeAsync(attempt, race).ConfigureAwait(false);
            }
        }
        else
        {
            outcome = await Calls.OutcomeAsync(attempt, race).ConfigureAwait(false);
        }

        FsCallLeg? peer = null;
        if (reachable && Calls.FarEndLegs && challengeFailed && TryTakeSession())
        {
            // The carrier's leg for a challenge that failed never runs its dialplan (no CHANNEL_CREATE reaches
            // listeners); its end is reported once the originate has answered, as the pro-failover capture shows.
            var rejected = CreateFarLeg(leg, number, announce: false);
            continuations.Add(() =>
            {
                if (rejected.Hangup("CALL_REJECTED"))
                {
                    rejected.Complete(timestamps: false);
                }

                return Task.CompletedTask;
            });
        }
        else if (reachable && Calls.FarEndLegs && !challengeFailed)
        {
            if (TryTakeSession())
            {
                peer = CreateFarLeg(leg, number);
                peer.Update(far => FsLabCarrier.EnterDialplan(far, number));
            }
            else
            {
                outcome = EslCallOutcome.Unavailable(); // the carrier profile on this switch is throttled too: 503
            }
        }

        bool rings = outcome.RingTime > TimeSpan.Zero || outcome.Kind == EslCallOutcomeKind.NoAnswer;
        if (rings && reachable)
        {
            // 180 Ringing: the carrier's ring_ready, then our leg sees the dialog.
            peer?.Progress("CS_EXECUTE", 4, FsLabCarrier.RingReady);
            if (outcome.Kind == EslCallOutcomeKind.NoAnswer)
            {
                peer?.Update(far => far.RunApplication("sleep", "120000"));
            }

            leg.Progress("CS_CONSUME_MEDIA", 7, FsSofia.Dialog);
        }

        var ring = outcome.Kind == EslCallOutcomeKind.NoAnswer ? Timeout.InfiniteTimeSpan : outcome.RingTime;
        var waited = await WaitAsync(ring, limit, race).ConfigureAwait(false);
        if (waited == WaitEnd.Cancelled)
        {
            EndLeg(leg, peer, "LOSE_RACE", continuations, now: true);
            return new(false, "LOSE_RACE");
        }

        if (waited == WaitEnd.TimedOut)
        {
            // originate_timeout / leg_timeout: the leg is cancelled; the rest of its hangup follows the answer.
            EndLeg(leg, peer, "NO_ANSWER", continuations, now: false);
            if (gateway is not null)
            {
                Interlocked.Increment(ref gateway._failedCallsOut);
            }

            return new(false, "NO_ANSWER");
        }

        if (outcome.Kind == EslCallOutcomeKind.Fail)
        {
            if (peer is not null)
            {
                // The carrier's respond: its leg ends first, then ours sees the final response.
                peer.Update(far => FsLabCarrier.Respond(far, outcome));
                peer.Hangup(outcome.Cause);
                peer.Complete(afterCdr: far => far.Set("sip_hangup_disposition", "send_refuse"));
            }

            leg.Hangup(outcome.Cause, l => FsSofia.Refused(l, outcome, reachable, reason: reachable && !challengeFailed));
            leg.Complete();
            if (gateway is not null)
            {
                Interlocked.Increment(ref gateway._failedCallsOut);
            }

            return new(false, outcome.Cause);
        }

        var farMedia = peer?.Sip ?? leg.Sip.Peer();
        peer?.Answer("CS_EXECUTE", 4, far => FsLabCarrier.Answer(far, leg));
        leg.Answer("CS_CONSUME_MEDIA", 7, l =>
        {
            FsSofia.Dialog(l);
            FsSofia.AnswerMedia(l, farMedia, peer is not null ? _options.IPv4 : route.RemoteHost);
        });
        peer?.Update(far => FsLabCarrier.Acknowledged(far, leg));
        return new(true, "SUCCESS", leg, peer, outcome);
    }

    private FsCallLeg CreateFarLeg(FsCallLeg leg, string number, bool announce = true)
    {
        var route = leg.Route!;
        var channel = new EslEmulatorChannel(NewGuid(), $"sofia/carrier/{route.FromUser}@{route.FromHost}")
        {
            CallerIdNumber = leg.OriginalCallerIdNumber,
            CallerIdName = route.Gateway?.Username ?? leg.OriginalCallerIdNumber,
            DestinationNumber = number,
        };
        var far = new FsCallLeg(this, channel, outbound: false, "mod_sofia", "carrier", hitDialplan: true, username: leg.OriginalCallerIdNumber)
        {
            Peer = leg,
            Sip = leg.Sip.Peer(),
        };
        leg.Peer = far;
        if (announce)
        {
            far.NetworkAddress = "127.0.0.1";
            far.HasMedia = true;
            FsLabCarrier.Invite(far, leg, route.Gateway?.Username ?? leg.Channel.GetVariable("sip_auth_username") ?? route.FromUser);
        }
        else
        {
            far.HasCallerProfile = false;
            FsLabCarrier.Challenged(far, leg);
        }

        RegisterChannel(channel);
        Calls.OnSessionCreated();
        if (announce)
        {
            far.Fire("CHANNEL_CREATE");
        }

        far.SetState("CS_EXECUTE", 4, "RINGING");
        return far;
    }

    /// <summary>A leg given up (timeout, lost race): CHANNEL_HANGUP now; the rest at once or after the originate's answer.</summary>
    private static void EndLeg(FsCallLeg leg, FsCallLeg? peer, string cause, List<Func<Task>> continuations, bool now)
    {
        leg.Hangup(cause);
        void Rest()
        {
            leg.Complete(afterCdr: FsSofia.Cancelled);
            if (peer is not null && peer.Hangup("ORIGINATOR_CANCEL", far => FsLabCarrier.CancelReceived(far, cause)))
            {
                peer.Complete();
            }
        }

        if (now)
        {
            Rest();
        }
        else
        {
            continuations.Add(() =>
            {
                Rest();
                return Task.CompletedTask;
            });
        }
    }

    private enum WaitEnd
    {
        Elapsed,
        TimedOut,
        Cancelled,
    }

    /// <summary>Waits <paramref name="duration"/> on the emulator's clock, but no later than <paramref name="limit"/> (µs).</summary>
    private async Task<WaitEnd> WaitAsync(TimeSpan duration, long limit, CancellationToken cancellationToken)
    {
        long now = NowMicroseconds();
        TimeSpan untilLimit = limit == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(Math.Max(0, limit - now) * 10);
        bool limited = untilLimit != Timeout.InfiniteTimeSpan && (duration == Timeout.InfiniteTimeSpan || untilLimit < duration);
        var wait = limited ? untilLimit : duration;
        if (wait == TimeSpan.Zero)
        {
            return limited ? WaitEnd.TimedOut : WaitEnd.Elapsed;
        }

        try
        {
            if (wait == Timeout.InfiniteTimeSpan)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return WaitEnd.Cancelled;
        }

        return limited ? WaitEnd.TimedOut : WaitEnd.Elapsed;
    }

    /// <summary>What runs on the answered call: <c>&amp;park</c>, <c>&amp;socket(…)</c> (connecting to the outbound server), or anything else parked.</summary>
    private void StartApplication(FsOriginate.Command command, FsCallLeg leg, FsCallLeg? peer, EslCallOutcome outcome, List<Func<Task>> continuations)
    {
        string application = command.Application ?? "transfer";
        string? argument = command.Application is null ? $"{command.Extension} {command.Dialplan} {command.Context}" : command.ApplicationArguments;
        bool socket = application.Equals("socket", StringComparison.OrdinalIgnoreCase) && argument is not null;
        string? socketHost = socket ? argument!.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        leg.EnterApplication(application, argument, socketHost is null ? null : l =>
        {
            if (IPEndPoint.TryParse(socketHost, out var target))
            {
                l.Set("socket_host", target.Address.ToString());
            }
        });
        if (socket)
        {
            continuations.Add(() =>
            {
                TrackJob(Task.Run(() => RunSocketAsync(leg, peer, argument!), CancellationToken.None));
                return Task.CompletedTask;
            });
        }

        TrackJob(Task.Run(() => RunAnsweredAsync(leg, peer, outcome), CancellationToken.None));
    }

    /// <summary>The answered call until someone hangs up: the far end after its talk time, or this side (uuid_kill, the socket).</summary>
    private async Task RunAnsweredAsync(FsCallLeg leg, FsCallLeg? peer, EslCallOutcome outcome)
    {
        var talk = outcome.TalkTime ?? Timeout.InfiniteTimeSpan;
        if (AudioStreams.CallerFor(leg.Channel.DestinationNumber) is { End: EslCallerScriptEnd.HangUp } script && (talk == Timeout.InfiniteTimeSpan || script.Duration < talk))
        {
            talk = script.Duration; // the scripted caller hangs up once it has said its piece
        }

        // The far end's talk time counts from the answer, however late this task got to run.
        if (talk != Timeout.InfiniteTimeSpan && leg.AnsweredAt != 0)
        {
            var since = TimeSpan.FromTicks(Math.Max(0, NowMicroseconds() - leg.AnsweredAt) * 10);
            talk = since >= talk ? TimeSpan.Zero : talk - since;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(leg.Ended.Token, _lifetime.Token);
        var end = await WaitAsync(talk, long.MaxValue, stop.Token).ConfigureAwait(false);
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }

        var talked = TimeSpan.FromTicks(Math.Max(0, NowMicroseconds() - leg.AnsweredAt) * 10);
        if (end == WaitEnd.Elapsed)
        {
            // The far end hangs up (its dialplan's hangup after its audio, a BYE): its leg first, then ours.
            if (peer is not null && peer.Hangup("NORMAL_CLEARING", far =>
                {
                    var (samples, rate) = Calls.FarEndAudio(far.Channel.DestinationNumber, talked);
                    FsLabCarrier.Played(far, samples, rate);
                    far.RunApplication("hangup", null);
                }))
            {
                peer.Complete(afterCdr: far =>
                {
                    far.Set("sip_hangup_disposition", "send_bye");
                    FsSofia.RtpStatistics(far, talked, received: false);
                });
            }

            if (leg.Socket is { } socket)
            {
                // The socket's channel gets the BYE: sofia's variables around its CHANNEL_HANGUP, the RTP statistics at the end.
                socket.Hangup(
                    "NORMAL_CLEARING",
                    call => FsSofia.ByeReceived(call.Channel),
                    call =>
                    {
                        call.Channel.SetVariable("sip_user_agent", FsSofia.UserAgent(this)).SetVariable("sip_hangup_disposition", "recv_bye");
                        call.Options.HangupVariables.Clear();
                        foreach (var variable in FsSofia.RtpStatisticsVariables(talked, received: true))
                        {
                            call.Options.HangupVariables.Add(variable);
                        }
                    });
            }
            else if (leg.Hangup("NORMAL_CLEARING", FsSofia.ByeReceived))
            {
                leg.Complete(FsSofia.ByeReceivedReport, l => FsSofia.RtpStatistics(l, talked, received: true));
            }

            return;
        }

        // This side hung up first: the far end gets the BYE.
        await leg.HungUp.Task.ConfigureAwait(false);
        if (peer is not null && peer.Hangup("NORMAL_CLEARING", FsSofia.ByeReceived))
        {
            peer.Complete(FsSofia.ByeReceivedReport, far => FsSofia.RtpStatistics(far, talked, received: false));
        }
    }

    /// <summary>&amp;socket(host:port async full): the channel connects to the outbound server, which then controls it.</summary>
    private async Task RunSocketAsync(FsCallLeg leg, FsCallLeg? peer, string argument)
    {
        string[] words = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !IPEndPoint.TryParse(words[0], out var target))
        {
            if (leg.Hangup("DESTINATION_OUT_OF_ORDER"))
            {
                leg.Complete();
            }

            return;
        }

        // The socket's channel is the leg as it stands: its caller profile, state, times and every variable, taken the way
        // a connect reply carries them (the channel data parse_command sends).
        var channel = leg.Channel;
        var data = leg.CreateEvent("CHANNEL_DATA", null, "mod_event_socket.c", "parse_command", 2029);
        var headers = new List<KeyValuePair<string, string>>();
        var all = data.Headers.Where(h => h.Value.Length > 0).Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        int firstCaller = all.FindIndex(h => h.Key.StartsWith("Caller-", StringComparison.Ordinal));
        int firstVariable = all.FindIndex(h => h.Key.StartsWith("variable_", StringComparison.Ordinal));
        int sequence = all.FindIndex(h => h.Key == "Event-Sequence");
        headers.AddRange(all.Take(sequence + 1));
        headers.AddRange(all.Skip(firstCaller).Take(firstVariable - firstCaller).Select(h => new KeyValuePair<string, string>("Channel-" + h.Key["Caller-".Length..], h.Value)));
        headers.AddRange(all.Skip(sequence + 1).Take(firstCaller - sequence - 1));
        headers.AddRange(all.Skip(firstCaller));
        headers.Add(new("Socket-Mode", words.Skip(1).Contains("async", StringComparer.OrdinalIgnoreCase) ? "async" : "static"));
        headers.Add(new("Control", words.Skip(1).Contains("full", StringComparer.OrdinalIgnoreCase) ? "full" : "single-channel"));
        var options = EslOutboundCallOptions.FromChannelData(headers);
        options.SocketArguments = argument;
        options.LingerNotice = EslLingerNoticePlacement.AfterHangupState;
        options.ParkDelay = TimeSpan.Zero; // the socket application parks at once: its CHANNEL_PARK precedes any myevents
        options.CloseWhenReported = true;
        options.Media = channel.Media;
        options.AnsweredAt = leg.AnsweredAt;

        ForgetChannel(channel);
        EslEmulatorOutboundCall call;
        try
        {
            call = await ConnectOutboundAsync(target, options, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            RegisterChannel(channel);
            if (leg.Hangup("DESTINATION_OUT_OF_ORDER"))
            {
                leg.Complete();
            }

            return;
        }

        leg.Socket = call;
        string cause = await call.WaitForHangupAsync(Timeout.InfiniteTimeSpan, _lifetime.Token).ConfigureAwait(false);
        leg.Hangup(cause, fireHangup: false); // the socket's channel fired its own hangup events
        Calls.OnLegEnded(leg);
    }

    private static bool HangupCallLeg(FsCallLeg leg, string cause)
    {
        if (!leg.Hangup(cause))
        {
            return false;
        }

        var talked = leg.IsAnswered ? TimeSpan.FromTicks(Math.Max(0, leg.Emulator.NowMicroseconds() - leg.AnsweredAt) * 10) : TimeSpan.Zero;
        leg.Complete(afterCdr: l =>
        {
            if (l.IsAnswered)
            {
                l.Set("sip_hangup_disposition", "send_bye");
                FsSofia.RtpStatistics(l, talked, received: true);
            }
            else
            {
                FsSofia.Cancelled(l);
            }
        });
        return true;
    }

    private static string? Get(IReadOnlyList<KeyValuePair<string, string>> variables, string name) =>
        variables.FirstOrDefault(v => v.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private static int? Seconds(IReadOnlyList<KeyValuePair<string, string>> variables, string name) =>
        Get(variables, name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : null;
}
