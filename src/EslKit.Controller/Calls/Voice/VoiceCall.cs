using System.Threading.Channels;
using EslKit.AudioStream;
using EslKit.Controller.Audio;
using EslKit.Controller.Speech;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// One answered call's conversation: the listener (frames → voice activity → streaming speech-to-text, answering-machine
/// detection, barge-in), the event pump (mod_audio_stream's <c>::play</c> files, PLAYBACK_START), and the turn loop (the
/// agent speaks first, then answers each utterance, each reply synthesised and played sentence by sentence). The three
/// run concurrently; they share only the reply being spoken (<see cref="ReplyPlayback"/>), a few counters, and two
/// bounded channels (signals to the turn loop, announced files to the speaker).
/// </summary>
/// <remarks>
/// Per frame the listener allocates nothing (pooled frames, a reused sample buffer; the recogniser and detectors are
/// allocation-free); per utterance and per sentence it allocates what the engines need.
/// </remarks>
internal sealed partial class VoiceCall
{
    private readonly CallContext _call;
    private readonly EslOutboundSession _session;
    private readonly AudioStreamSession<CallAudioLink> _stream;
    private readonly IConversationAgent _agent;
    private readonly StreamingSpeechRecognizer _recognizer;
    private readonly AnsweringMachineDetector _amd;
    private readonly ITextToSpeech _tts;
    private readonly ITextToSpeech _offlineTts;
    private readonly CallTranscriptStore _store;
    private readonly VoiceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _bargeInMinimum;
    private readonly TimeSpan _bargeInConfirm;
    private readonly IReadOnlySet<string> _backchannel;
    private readonly TimeSpan _providerTimeout;
    private readonly Channel<VoiceSignal> _signals =
        Channel.CreateBounded<VoiceSignal>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Channel<string> _playFiles =
        Channel.CreateBounded<string>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });

    private readonly List<TranscriptEntry> _transcript = [];
    private ReplyPlayback? _speaking;
    private AgentTurn? _cut; // the turn loop's: a reply the caller broke into, until the interruption is judged
    private PlaybackStartWatch? _startWatch;
    private long _firstPlaybackStart;
    private long _aiTicks;
    private int _turns;
    private int _interruptedReplies;
    private int _falseInterruptions;
    private int _sent;
    private int _filesReceived;
    private volatile bool _machineMode;
    private bool _callerSpeaking;
    private Task _breaking = Task.CompletedTask;

    public VoiceCall(
        CallContext call,
        AudioStreamSession<CallAudioLink> stream,
        IConversationAgent agent,
        StreamingSpeechRecognizer recognizer,
        ITextToSpeech tts,
        ITextToSpeech offlineTts,
        CallTranscriptStore store,
        VoiceOptions options,
        TimeProvider time,
        ILogger logger)
    {
        _call = call;
        _session = call.Session;
        _stream = stream;
        _agent = agent;
        _recognizer = recognizer;
        _amd = new AnsweringMachineDetector(options.AnsweringMachine);
        _tts = tts;
        _offlineTts = offlineTts;
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _bargeInMinimum = TimeSpan.FromMilliseconds(options.BargeInMinimumMilliseconds);
        _bargeInConfirm = TimeSpan.FromMilliseconds(options.BargeInConfirmMilliseconds);
        _backchannel = options.BackchannelWords.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => word.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        _providerTimeout = TimeSpan.FromSeconds(options.ProviderTimeoutSeconds);
        int samplesPer20Ms = stream.Format.SampleRate / 50;
        _mono = new short[samplesPer20Ms];
    }

    private CallIdentity Identity => _call.Identity;

    /// <summary>The transcript so far (read once the call is over).</summary>
    public IReadOnlyList<TranscriptEntry> Transcript => _transcript;

    /// <summary>Runs the conversation until it is over; returns how it ended. The caller hangs up a call it leaves up.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listener = ListenAsync(stop.Token);
        var pump = PumpEventsAsync(stop.Token);
        try
        {
            return await ConverseAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Read(ref _speaking)?.Interrupt();
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(listener, pump).ConfigureAwait(false);
            await _breaking.ConfigureAwait(false);
            await GiveUpCutAsync().ConfigureAwait(false); // the call ended while a cut reply waited
            _stream.Call.Dispose(); // the stream may close now
        }
    }

    /// <summary>The summary once the call is over.</summary>
    public VoiceCallSummary Summarise(string reason)
    {
        long first = Volatile.Read(ref _firstPlaybackStart);
        int? answerToAudio = first == 0 ? null : Milliseconds(_call.AnsweredTimestamp, first);
        return new VoiceCallSummary(
            Volatile.Read(ref _turns),
            Volatile.Read(ref _interruptedReplies),
            Volatile.Read(ref _falseInterruptions),
            decimal.Round((decimal)TimeSpan.FromTicks(Interlocked.Read(ref _aiTicks)).TotalSeconds, 3),
            _amd.Result == AnsweringMachineResult.Pending ? AnsweringMachineResult.Unknown : _amd.Result,
            answerToAudio,
            reason);
    }

    private async Task<string> ConverseAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The greeting waits for answering-machine detection, but never past the deadline (2 s to first audio).
            var deadline = TimeSpan.FromMilliseconds(_options.GreetingDeadlineMilliseconds) - _time.GetElapsedTime(_call.AnsweredTimestamp);
            var early = await WaitBeforeGreetingAsync(deadline, cancellationToken).ConfigureAwait(false);
            if (early is { Kind: VoiceSignalKind.Failed })
            {
                return await FailAsync(VoiceProviderException.Of(early.Stage, early.Error!), cancellationToken).ConfigureAwait(false);
            }

            if (early is { Kind: VoiceSignalKind.StreamEnded })
            {
                return await StreamEndedAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_machineMode)
            {
                return await AnswerMachineAsync(cancellationToken).ConfigureAwait(false);
            }

            var greeting = StartTurn(0, static (agent, token) => agent.StreamGreetingAsync(token), 0, 0, cancellationToken);
            if (await SpeakTurnAsync(greeting, _tts, mayResume: true, cancellationToken).ConfigureAwait(false))
            {
                _cut = greeting;
            }
            else if (greeting.EndCall)
            {
                return "agent ended the call";
            }

            while (true)
            {
                if (_machineMode)
                {
                    await GiveUpCutAsync().ConfigureAwait(false);
                    return await AnswerMachineAsync(cancellationToken).ConfigureAwait(false);
                }

                var signal = await _signals.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                switch (signal.Kind)
                {
                    case VoiceSignalKind.Failed:
                        await GiveUpCutAsync().ConfigureAwait(false);
                        return await FailAsync(VoiceProviderException.Of(signal.Stage, signal.Error!), cancellationToken).ConfigureAwait(false);
                    case VoiceSignalKind.StreamEnded:
                        await GiveUpCutAsync().ConfigureAwait(false);
                        return await StreamEndedAsync(cancellationToken).ConfigureAwait(false);
                    case VoiceSignalKind.FalseInterruption when _cut is { } resumed:
                        // Not a turn: the reply goes on from the sentence that was cut.
                        _cut = null;
                        if (await SpeakTurnAsync(resumed, _tts, mayResume: true, cancellationToken).ConfigureAwait(false))
                        {
                            _cut = resumed;
                        }
                        else if (resumed.EndCall)
                        {
                            return "agent ended the call";
                        }

                        break;
                    case VoiceSignalKind.Utterance:
                        // A real interruption: the cut reply stays cut (marked interrupted); the agent answers what was said.
                        if (await GiveUpCutAsync().ConfigureAwait(false) is { EndCall: true })
                        {
                            return "agent ended the call";
                        }

                        int turn = Interlocked.Increment(ref _turns);
                        VoiceMetrics.Turns.Add(1);
                        _transcript.Add(new TranscriptEntry(
                            turn, "caller", signal.Text, signal.SpeechStartedAt, _time.GetUtcNow() - _time.GetElapsedTime(signal.EndOfSpeech),
                            SttMs: Milliseconds(signal.EndOfSpeech, signal.Transcribed)));
                        string said = signal.Text;
                        var reply = StartTurn(turn, (agent, token) => agent.StreamReplyAsync(said, token), signal.EndOfSpeech, signal.Transcribed, cancellationToken);
                        if (await SpeakTurnAsync(reply, _tts, mayResume: true, cancellationToken).ConfigureAwait(false))
                        {
                            _cut = reply;
                        }
                        else if (reply.EndCall)
                        {
                            return "agent ended the call";
                        }

                        break;
                    default:
                        break; // a detection result: read from the detector itself
                }
            }
        }
        catch (VoiceProviderException failure)
        {
            return await FailAsync(failure, cancellationToken).ConfigureAwait(false);
        }
    }

    // Until the detector decides (or the deadline passes); returns a signal that ends the call early, else null.
    private async Task<VoiceSignal?> WaitBeforeGreetingAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(deadline > TimeSpan.Zero ? deadline : TimeSpan.Zero);
        try
        {
            while (_amd.Result == AnsweringMachineResult.Pending)
            {
                var signal = await _signals.Reader.ReadAsync(timer.Token).ConfigureAwait(false);
                if (signal.Kind is VoiceSignalKind.Failed or VoiceSignalKind.StreamEnded)
                {
                    return signal;
                }

                if (signal.Kind == VoiceSignalKind.MachineDecided)
                {
                    return null;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The deadline: greet while detection goes on.
        }

        return null;
    }

    // A machine: record it (the outcome reads it), then hang up or leave the campaign's message after its greeting.
    private async Task<string> AnswerMachineAsync(CancellationToken cancellationToken)
    {
        var campaign = CampaignVoiceSettings.Default;
        try
        {
            await _store.RecordMachineResultAsync(Identity, AnsweringMachineResult.Machine, cancellationToken).ConfigureAwait(false);
            campaign = await _store.GetCampaignSettingsAsync(Identity.CampaignId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            VoiceLog.TranscriptFailed(_logger, Identity.CallId, Identity.Attempt, ex);
        }

        if (!campaign.LeaveMessage)
        {
            return "answering machine: hung up";
        }

        await BreakPlaybackAsync().ConfigureAwait(false);

        // The message goes after the machine's greeting: once the caller side stops speaking (a greeting longer
        // than the detector's longest utterance is cut there), within 30 s.
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wait.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                while (Volatile.Read(ref _callerSpeaking))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), _time, wait.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Leave it anyway.
            }
        }

        int turn = Volatile.Read(ref _turns) + 1;
        await SpeakTurnAsync(StartTurn(turn, campaign.MachineMessage ?? _options.MachineMessage, cancellationToken), _tts, mayResume: false, cancellationToken).ConfigureAwait(false);
        return "answering machine: message left";
    }

    // A provider failed: stop what plays, apologise with the offline voice, and let the call be hung up.
    private async Task<string> FailAsync(VoiceProviderException failure, CancellationToken cancellationToken)
    {
        VoiceMetrics.ProviderFailures.Add(1, new KeyValuePair<string, object?>("stage", failure.Stage));
        VoiceLog.ProviderFailed(_logger, Identity.CallId, Identity.Attempt, failure.Stage, failure.InnerException?.GetType().Name ?? "unknown", failure.InnerException);
        await BreakPlaybackAsync().ConfigureAwait(false);
        try
        {
            int turn = Volatile.Read(ref _turns) + 1;
            await SpeakTurnAsync(StartTurn(turn, _options.Apology, cancellationToken), _offlineTts, mayResume: false, cancellationToken).ConfigureAwait(false);
        }
        catch (VoiceProviderException again)
        {
            VoiceLog.ApologyFailed(_logger, Identity.CallId, Identity.Attempt, again.Reason);
        }

        return failure.Reason;
    }

    private async Task BreakPlaybackAsync()
    {
        if (Volatile.Read(ref _speaking) is { } reply && reply.Interrupt())
        {
            await SendBreakAsync(reply.Turn, _time.GetTimestamp()).ConfigureAwait(false);
        }

        await _breaking.ConfigureAwait(false);
    }

    // mod_audio_stream closes its WebSocket as the channel hangs up, a moment before the hangup reaches the session:
    // the call's end is the caller's when the hangup follows shortly.
    private async Task<string> StreamEndedAsync(CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _session.HangupToken);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), _time, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Hung up.
        }

        return _session.IsHungUp ? "caller hung up" : "audio stream ended";
    }

    // A reply the caller cut into, waiting to be judged, is given up: it stays cut, marked interrupted.
    private async Task<AgentTurn?> GiveUpCutAsync()
    {
        var cut = _cut;
        _cut = null;
        if (cut is not null)
        {
            await FinishAsync(cut, interrupted: true).ConfigureAwait(false);
        }

        return cut;
    }

    private void AddAiTime(TimeSpan duration) => Interlocked.Add(ref _aiTicks, duration.Ticks);

    private int Milliseconds(long from, long to) =>
        (int)Math.Max(0, Math.Round(_time.GetElapsedTime(from, to).TotalMilliseconds));

    private void Post(VoiceSignal signal) => _signals.Writer.TryWrite(signal);
}
