using EslKit.AudioStream;
using EslKit.Controller.Audio;
using EslKit.Controller.Speech.Scripted;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Audio;
using EslKit.Controller.Tests.Integration;
using EslKit.Controller.Tests.Speech;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;

namespace EslKit.Controller.Tests.Voice;

/// <summary>
/// The voice pipeline end to end: the whole controller (dispatcher, outbound session, its web server with the audio
/// endpoint) on a real PostgreSQL, the switch emulator over loopback playing mod_audio_stream (the caller's espeak-ng
/// speech through a G.711 channel, 20 ms frames in real time; streamAudio → file → ::play; playback; uuid_break), and
/// the real engines: pocketsphinx with the agent's grammar, espeak-ng, the scripted agent. Timelines are generous and
/// nothing asserts on time: the machine is loaded.
/// </summary>
[Collection(VoiceGroup.Name)]
public sealed class VoiceConversationTests(PostgresCluster cluster, SpeechEngines engines) : IAsyncLifetime
{
    private const string Number = "60121000070";
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(150);
    private TestDatabase? _database;

    private TestDatabase Database => _database!;

    public async Task InitializeAsync() => _database = await cluster.CreateDatabaseAsync(true);

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_caller_books_an_appointment_the_agent_answers_and_the_transcript_is_stored()
    {
        var caller = new EslCallerScript()
            .Pause(TimeSpan.FromSeconds(4.5))
            .Say(await SpeechAsync("I would like to book an appointment"), CallAudio.SampleRate)
            .Pause(TimeSpan.FromSeconds(8))
            .ThenHangUp();
        var (harness, callId, stream) = await CallAsync(caller, ShortGreeting(), detectMachines: false);
        await using (harness)
        {
            var record = await VoiceCallRecord.ReadAsync(Database, callId);
            var greeting = Assert.Single(record.Rows, r => r.Turn == 0);
            Assert.Equal(("agent", "Hello, how can I help you?", false), (greeting.Speaker, greeting.Text, greeting.Interrupted));

            var said = Assert.Single(record.Rows, r => r.Turn == 1 && r.Speaker == "caller");
            Assert.Contains("book", said.Text, StringComparison.Ordinal);
            Assert.Contains("appointment", said.Text, StringComparison.Ordinal);
            Assert.NotNull(said.SttMs);
            var answer = Assert.Single(record.Rows, r => r.Turn == 1 && r.Speaker == "agent");
            Assert.Equal("Certainly. Which day would you like to come in?", answer.Text);
            Assert.False(answer.Interrupted);
            Assert.NotNull(answer.ResponseMs);

            Assert.Equal(1, record.Turns);
            Assert.Equal((0, 0), (record.InterruptedReplies, record.FalseInterruptions));
            Assert.NotNull(record.AnswerToFirstAudioMs);
            Assert.Equal("unknown", record.Machine); // detection off
            Assert.True(record.AiSeconds > 2m, $"AI seconds {record.AiSeconds}"); // the caller's sentence and the agent's words
            Assert.True(record.AiCost > 0m);
            Assert.Equal("caller hung up", record.EndReason);

            // What the caller heard: the greeting and both sentences of the answer, played whole, and it is speech.
            var playbacks = stream.Channel.Heard.Playbacks;
            Assert.Equal(3, playbacks.Count);
            Assert.All(playbacks, p => Assert.False(p.Interrupted));
            Assert.All(playbacks, p => Assert.EndsWith(".tmp.r16", p.File, StringComparison.Ordinal));
            Assert.All(playbacks, p => AssertSpeech(p.ToL16()));
            Assert.Equal(3, stream.Files.Count); // one streamAudio per sentence, each written and announced
        }
    }

    [Fact]
    public async Task A_caller_who_talks_over_the_greeting_stops_it_and_is_answered()
    {
        var caller = new EslCallerScript()
            .Pause(TimeSpan.FromSeconds(3.5)) // the long greeting plays
            .Say(await SpeechAsync("I would like to book an appointment"), CallAudio.SampleRate)
            .Pause(TimeSpan.FromSeconds(8))
            .ThenHangUp();
        var (harness, callId, stream) = await CallAsync(caller, LongGreeting(), detectMachines: false);
        await using (harness)
        {
            var record = await VoiceCallRecord.ReadAsync(Database, callId);
            var greeting = Assert.Single(record.Rows, r => r.Turn == 0);
            Assert.True(greeting.Interrupted, "the greeting is marked interrupted");
            Assert.Equal((1, 0), (record.InterruptedReplies, record.FalseInterruptions));
            var said = Assert.Single(record.Rows, r => r.Turn == 1 && r.Speaker == "caller");
            Assert.Contains("appointment", said.Text, StringComparison.Ordinal);
            var answer = Assert.Single(record.Rows, r => r.Turn == 1 && r.Speaker == "agent");
            Assert.Equal("Certainly. Which day would you like to come in?", answer.Text);

            // The switch stopped the greeting part-way (uuid_break) and played the answer after it.
            var playbacks = stream.Channel.Heard.Playbacks;
            var broken = playbacks[0];
            Assert.True(broken.Interrupted);
            Assert.True(broken.Played < broken.Length, broken.ToString());
            Assert.Contains(Commands(stream), command => command == $"api uuid_break {stream.UniqueId} all");
            Assert.Equal(2, playbacks.Count(p => !p.Interrupted)); // the answer's two sentences
        }
    }

    [Fact]
    public async Task A_cough_during_the_greeting_stops_it_only_for_a_moment_the_greeting_resumes_and_a_false_interruption_is_counted()
    {
        var caller = new EslCallerScript()
            .Pause(TimeSpan.FromSeconds(3.5))
            .Say(Pcm16Bytes(Cough()), CallAudio.SampleRate)
            .Pause(TimeSpan.FromSeconds(24)) // the long greeting resumes and plays to its end
            .ThenHangUp();
        var (harness, callId, stream) = await CallAsync(caller, LongGreeting(), detectMachines: false);
        await using (harness)
        {
            var record = await VoiceCallRecord.ReadAsync(Database, callId);
            var greeting = Assert.Single(record.Rows, r => r.Turn == 0);
            Assert.False(greeting.Interrupted); // it was resumed and finished
            Assert.Equal(LongGreeting().Greeting, greeting.Text);
            Assert.Equal((0, 1), (record.InterruptedReplies, record.FalseInterruptions));
            Assert.DoesNotContain(record.Rows, r => r.Speaker == "caller"); // nothing to answer

            // The cough stopped the playback at once (a barge-in is decided within ~120 ms of speech), the recogniser's
            // verdict came back "too short", and the sentence that was cut was played again, whole: every sentence heard.
            Assert.Single(Commands(stream), command => command == $"api uuid_break {stream.UniqueId} all");
            var playbacks = stream.Channel.Heard.Playbacks;
            var cut = Assert.Single(playbacks, p => p.Interrupted);
            Assert.True(cut.Played < cut.Length, cut.ToString());
            var after = playbacks.SkipWhile(p => !p.Interrupted).Skip(1).ToList();
            Assert.Equal(cut.Length, after[0].Length); // the cut sentence again, from its start
            Assert.False(after[0].Interrupted);
            Assert.Equal(3, playbacks.Count(p => !p.Interrupted)); // the greeting's three sentences, each once whole
        }
    }

    [Fact]
    public async Task A_short_hello_is_a_person_and_is_greeted()
    {
        var caller = new EslCallerScript()
            .Pause(TimeSpan.FromSeconds(1)) // the stream starts a little after the answer: the hello is in it
            .Say(await SpeechAsync("hello"), CallAudio.SampleRate)
            .Pause(TimeSpan.FromSeconds(5))
            .ThenHangUp();
        var (harness, callId, stream) = await CallAsync(caller, ShortGreeting());
        await using (harness)
        {
            var record = await VoiceCallRecord.ReadAsync(Database, callId);
            Assert.Equal("human", record.Machine);
            Assert.Equal("Hello, how can I help you?", Assert.Single(record.Rows).Text); // the greeting answers the hello
            Assert.Single(stream.Channel.Heard.Playbacks);
        }
    }

    [Fact]
    public async Task A_long_greeting_is_a_machine_the_call_is_hung_up_and_the_number_retried()
    {
        var caller = new EslCallerScript()
            .Pause(TimeSpan.FromSeconds(1))
            .Say(await SpeechAsync(MachineGreeting), CallAudio.SampleRate)
            .Pause(TimeSpan.FromSeconds(20));
        var (harness, callId, _) = await CallAsync(caller, ShortGreeting(), maxAttempts: 2);
        await using (harness)
        {
            var record = await VoiceCallRecord.ReadAsync(Database, callId);
            Assert.Equal("machine", record.Machine);
            Assert.Equal("answering machine: hung up", record.EndReason);
            Assert.Equal("NORMAL_CLEARING", record.HangupCause);
            var item = Assert.Single(await ItemRow.ListAsync(Database, _campaignId));
            Assert.Equal(("retry", "machine"), (item.State, item.Disposition)); // retried like an unanswered call
        }
    }

    [Fact]
    public async Task A_campaign_that_leaves_messages_speaks_after_the_machine_greeting()
    {
        var caller = new EslCallerScript()
            .Pause(TimeSpan.FromSeconds(1))
            .Say(await SpeechAsync(MachineGreeting), CallAudio.SampleRate)
            .Pause(TimeSpan.FromSeconds(20));
        var (harness, callId, stream) = await CallAsync(caller, ShortGreeting(), leaveMessage: "Please call the clinic back. Goodbye.");
        await using (harness)
        {
            var record = await VoiceCallRecord.ReadAsync(Database, callId);
            Assert.Equal("machine", record.Machine);
            Assert.Equal("answering machine: message left", record.EndReason);
            var message = Assert.Single(record.Rows, r => r.Text == "Please call the clinic back. Goodbye.");
            Assert.False(message.Interrupted);

            // Both sentences of the message played whole, once the machine had stopped talking: not before the
            // greeting's length had passed since the stream began (its speech began 1 s after the answer, the stream after it).
            var played = stream.Channel.Heard.Playbacks.Where(p => !p.Interrupted).ToList();
            Assert.True(played.Count >= 2);
            var greetingLength = TimeSpan.FromSeconds((double)(await SpeechAsync(MachineGreeting)).Length / 2 / CallAudio.SampleRate);
            Assert.All(played.TakeLast(2), p => Assert.True(p.StartedAt >= stream.StartedAt + greetingLength, $"{p} started before the machine's greeting could have ended"));
        }
    }

    [Fact]
    public async Task A_failing_recogniser_gets_an_apology_and_a_hangup_with_the_reason()
    {
        // A grammar word the pocketsphinx dictionary does not have: the first utterance fails to begin.
        var script = ShortGreeting();
        script.ExtraPhrases.Add("qxzvbnq please");
        var caller = new EslCallerScript()
            .Pause(TimeSpan.FromSeconds(4))
            .Say(await SpeechAsync("I would like to book an appointment"), CallAudio.SampleRate)
            .Pause(TimeSpan.FromSeconds(30));
        var (harness, callId, stream) = await CallAsync(caller, script, detectMachines: false);
        await using (harness)
        {
            var record = await VoiceCallRecord.ReadAsync(Database, callId);
            Assert.Equal("speech_to_text failed: SpeechRecognitionException", record.EndReason);
            Assert.Equal("NORMAL_CLEARING", record.HangupCause); // we hung up, well before the caller's 30 s pause ended
            var apology = Assert.Single(record.Rows, r => r.Turn == 1 && r.Speaker == "agent");
            Assert.StartsWith("I am sorry, we are having technical difficulties.", apology.Text, StringComparison.Ordinal);
            Assert.True(stream.Channel.Heard.Playbacks.Count >= 2, "greeting and apology were heard");
            Assert.Contains(harness.Logs.Entries, e => e.Contains("[5705]", StringComparison.Ordinal));
        }
    }

    private const string MachineGreeting =
        "Hi, you have reached the voicemail of John Smith. I am not available right now. Please leave your name and number after the tone and I will call you back.";

    private long _campaignId;

    /// <summary>Places one call to a scripted caller and waits until it is over, its item settled and its conversation written.</summary>
    private async Task<(ControllerHarness Harness, Guid CallId, EslEmulatorAudioStreamSession Stream)> CallAsync(
        EslCallerScript caller, ScriptedAgentOptions script, int maxAttempts = 1, string? leaveMessage = null, bool detectMachines = true)
    {
        var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            // Off where a test is not about it: on a loaded machine the stream may start late, and a caller's words
            // early in it would be the opening detection listens to, not a turn.
            Configuration = { ["Voice:AnsweringMachine:Enabled"] = detectMachines ? "true" : "false" },
            Voice = new VoiceEngines(engines, script),
            ConfigureSwitch = fs =>
            {
                fs.Calls.SetOutcome(Number, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(120)));
                fs.AudioStreams.SetCaller(Number, caller);
            },
        });
        try
        {
            var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant("voice", AccountType.Trial), default);
            if (leaveMessage is null)
            {
                _campaignId = await Scenario.CampaignAsync(harness, tenant, [Number], maxAttempts);
            }
            else
            {
                _campaignId = await Scenario.CampaignAsync(harness, tenant, [Number], maxAttempts, configure: id =>
                    Database.ExecuteAsync("UPDATE campaigns SET machine_action = 'leave_message', machine_message = $2 WHERE id = $1", id, leaveMessage));
            }

            var stream = await harness.Switch.AudioStreams.WaitForStreamAsync(timeout: CallTimeout);
            Guid callId = default;
            await harness.WaitUntilAsync(
                async () =>
                {
                    var item = (await ItemRow.ListAsync(Database, _campaignId))[0];
                    callId = item.CallId;
                    // The conversation's summary is written as the session ends; the item's outcome (done, retry) is
                    // recorded after it, by the hangup: wait for both, or a loaded machine reads the item in between.
                    return item.State is not ("dialing" or "answered") && await VoiceCallRecord.SummaryWrittenAsync(Database, callId);
                },
                "the call to end, its item to be settled and its conversation to be written",
                CallTimeout);
            return (harness, callId, stream);
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    // What the controller sent on the call's outbound socket.
    private static List<string> Commands(EslEmulatorAudioStreamSession stream) =>
        [.. stream.Channel.OutboundCall!.ReceivedCommands.Select(c => c.Command)];

    private async Task<byte[]> SpeechAsync(string text) => Pcm16Bytes(await engines.Synthesizer.SynthesizeAsync(text));

    private static byte[] Pcm16Bytes(short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        Pcm16.WriteLittleEndian(samples, bytes);
        return bytes;
    }

    // 250 ms of loud noise with a fast decay: a cough's shape and level, longer than the detector's minimum speech.
    private static short[] Cough()
    {
        var random = new Random(11);
        var samples = new short[CallAudio.SampleRate / 4];
        for (int i = 0; i < samples.Length; i++)
        {
            double envelope = Math.Exp(-3.0 * i / samples.Length);
            samples[i] = (short)((random.NextDouble() * 2 - 1) * 12_000 * envelope);
        }

        return samples;
    }

    // The heard audio is speech: loud enough, and the controller's own detector finds an utterance in it.
    private static void AssertSpeech(byte[] l16)
    {
        var samples = new short[l16.Length / 2];
        Pcm16.ReadLittleEndian(l16, samples);
        Assert.True(PcmLevel.RmsDbfs(samples) > -35, $"heard audio at {PcmLevel.RmsDbfs(samples):0.0} dBFS");
        var detector = new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions());
        int found = 0;
        foreach (var frame in CallAudio.Frames(samples))
        {
            found += detector.Process(frame.Span).Event == VoiceActivityEvent.SpeechStarted ? 1 : 0;
        }

        Assert.True(found >= 1, "no speech in what was heard");
    }

    private static ScriptedAgentOptions ShortGreeting()
    {
        var script = ScriptedAgentOptions.AppointmentDesk();
        script.Greeting = "Hello, how can I help you?";
        return script;
    }

    private static ScriptedAgentOptions LongGreeting()
    {
        var script = ScriptedAgentOptions.AppointmentDesk();
        script.Greeting = "Hello, this is the clinic's automated assistant, calling about your next visit to the clinic. We are open from nine in the morning to five in the afternoon, from Monday to Friday. How can I help you today?";
        return script;
    }
}
