using System.Collections.Concurrent;
using System.Text;
using EslKit.AudioStream;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Speech;
using EslKit.Controller.Tenants;
using EslKit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EslKit.Controller.Demo;

/// <summary>
/// The demo: a trial tenant (through the shared gateway) and a pro tenant (its own SIP account, with a hostile
/// password from the captures, on a primary proxy that is down and a secondary that answers), one campaign each,
/// and what the demo switch answers for every number: calls answered by people who talk with the agent (espeak-ng
/// sentences) and by an answering machine, busy (then answered on the retry), no answer, rejected, unallocated; a number on the DNC list and a line that is not a number; and
/// the switch's sessions per second leave room for the node's calls per second but not for every pro call's two
/// legs, so its throttle refuses a call or two (FreeSWITCH's <c>-ERR DESTINATION_OUT_OF_ORDER</c>); refusals
/// cost no attempt. Numbers are valid Malaysian mobiles (libphonenumber).
/// </summary>
internal static class DemoScenario
{
    /// <summary>The pro tenant's SIP username.</summary>
    public const string ProSipUsername = "601548732123";

    /// <summary>The pro tenant's SIP password: the captures' hostile one (<c>,</c> <c>}</c> <c>{</c> a quote, a double quote, a space, <c>=</c>, <c>^^</c>).</summary>
    public const string ProSipPassword = "p,a}s{s'w\"o rd=^^x";

    /// <summary>The pro tenant's primary proxy: nothing answers there, so every call fails over.</summary>
    public const string ProPrimaryProxy = "127.0.0.1:5091";

    /// <summary>The pro tenant's secondary proxy: the demo switch's SIP host with the pro account.</summary>
    public const string ProSecondaryProxy = "127.0.0.1:5090";

    /// <summary>The node's calls per second.</summary>
    public const int CallsPerSecond = 5;

    /// <summary>
    /// The demo switch's sessions per second: it lets 6 sessions through a second, and a pro call takes two (its
    /// primary leg fails over), so the first burst (3 trial + 2 pro calls = 7 sessions) meets the throttle once.
    /// </summary>
    public const int SwitchSessionsPerSecond = 7;

    /// <summary>The trial campaign's numbers.</summary>
    public static readonly IReadOnlyList<DemoNumber> TrialNumbers =
    [
        new("+60 12-300 0001", "60123000001", "answers, books an appointment, says goodbye", [Talk()], ["I would like to book an appointment", "that is all thank you"]),
        new("+60 12-300 0002", "60123000002", "answers, asks the opening hours, says goodbye", [Talk()], ["what are your opening hours", "goodbye"]),
        new("012-300 0003", "60123000003", "busy, then answers on the retry and asks a price", [EslCallOutcome.Busy(), Talk()], ["how much does a check up cost"]),
        new("+60 12-300 0004", "60123000004", "rings out twice (no answer)", [EslCallOutcome.NoAnswer()]),
        new("+60 12-300 0005", "60123000005", "rejects the call", [EslCallOutcome.Reject()]),
        new("+60 12-300 0006", "60123000006", "is not allocated", [EslCallOutcome.Unallocated()]),
        new("+60 12-300 0007", "60123000007", "is on the tenant's DNC list: never dialled", []),
    ];

    /// <summary>The pro campaign's numbers.</summary>
    public static readonly IReadOnlyList<DemoNumber> ProNumbers =
    [
        new("+60 13-400 0001", "60134000001", "answers after failover, cancels an appointment", [Talk()], ["I would like to cancel my appointment", "no thank you"]),
        new("+60 13-400 0002", "60134000002", "an answering machine: hung up on, retried, given up", [Talk()], [MachineGreeting], IsMachine: true),
        new("+60 13-400 0003", "60134000003", "busy twice", [EslCallOutcome.Busy()]),
        new("+60 13-400 0004", "60134000004", "answers after failover, asks for a person", [Talk()], ["can i speak to someone please"]),
    ];

    /// <summary>The trial tenant's DNC number.</summary>
    public static DemoNumber DoNotCall => TrialNumbers[6];

    /// <summary>A line of the trial upload that is not a phone number (reported with its line number, not imported).</summary>
    public const string BadLine = "12345";

    /// <summary>Scripts the demo switch: the shared gateway <c>trunk</c>, the pro account's SIP host, each number's answers in turn.</summary>
    public static void Script(EslSwitchEmulator fs, string gateway)
    {
        ArgumentNullException.ThrowIfNull(fs);
        fs.Calls.AddGateway(gateway);
        fs.Calls.AddHost(ProSecondaryProxy).AddAccount(ProSipUsername, ProSipPassword);
        var byNumber = TrialNumbers.Concat(ProNumbers).Where(n => n.Outcomes.Count > 0).ToDictionary(n => n.Digits);
        var dials = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        fs.Calls.OnDial((attempt, _) =>
        {
            if (!byNumber.TryGetValue(attempt.Number, out var number))
            {
                return ValueTask.FromResult<EslCallOutcome?>(null);
            }

            int dial = dials.AddOrUpdate(attempt.Number, 0, (_, n) => n + 1);
            return ValueTask.FromResult<EslCallOutcome?>(number.Outcomes[Math.Min(dial, number.Outcomes.Count - 1)]);
        });
        fs.Calls.DefaultOutcome = EslCallOutcome.Unallocated(); // nothing else exists on the demo switch
    }

    /// <summary>Creates the tenants, the pro SIP account, the DNC entry and both campaigns, imports the numbers and starts the campaigns.</summary>
    public static async Task<DemoRun> SeedAsync(IServiceProvider services, string suffix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var tenants = services.GetRequiredService<TenantService>();
        var campaigns = services.GetRequiredService<CampaignService>();
        var importer = services.GetRequiredService<NumberImporter>();
        var trial = await tenants.CreateAsync(new NewTenant("demo-trial" + suffix, AccountType.Trial), cancellationToken).ConfigureAwait(false);
        var pro = await tenants.CreateAsync(new NewTenant("demo-pro" + suffix, AccountType.Pro, ConcurrencyLimit: 4, PricePerMinute: 0.20m), cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<PhoneConfigService>().SaveAsync(
            pro.Id,
            new PhoneConfig(ProSipUsername, ProSipPassword, ProPrimaryProxy, ProSecondaryProxy, "60387033446"),
            cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<DoNotCallService>().AddAsync(trial.Id, [DoNotCall.Uploaded], "MY", cancellationToken).ConfigureAwait(false);

        // Any hour: the demo must run whenever it is started (real campaigns default to 08:00-21:00 callee time).
        var anyTime = new CallingWindow(TimeOnly.MinValue, TimeOnly.MaxValue);
        var policy = new RetryPolicy(BusySeconds: 2, NoAnswerSeconds: 2, FailureSeconds: 2, NodeRefusalSeconds: 1, Jitter: 0.2);
        var trialCampaign = await campaigns.CreateAsync(new NewCampaign(trial.Id, "demo-trial campaign", 2, policy, anyTime), cancellationToken).ConfigureAwait(false);
        var proCampaign = await campaigns.CreateAsync(new NewCampaign(pro.Id, "demo-pro campaign", 2, policy, anyTime), cancellationToken).ConfigureAwait(false);

        // The trial numbers as a CSV upload (a header, one bad line); the pro numbers as a JSON list.
        var csv = new StringBuilder("name,phone\n");
        foreach (var number in TrialNumbers)
        {
            csv.Append("customer,\"").Append(number.Uploaded).Append("\"\n");
        }

        csv.Append("nobody,").Append(BadLine).Append('\n');
        var trialImport = await importer.ImportAsync(trial.Id, trialCampaign.Id, NumberListReader.FromCsv(csv.ToString()), cancellationToken).ConfigureAwait(false);
        var proImport = await importer.ImportAsync(pro.Id, proCampaign.Id, NumberListReader.FromList(ProNumbers.Select(n => n.Uploaded)), cancellationToken).ConfigureAwait(false);
        await campaigns.StartAsync(trial.Id, trialCampaign.Id, cancellationToken).ConfigureAwait(false);
        await campaigns.StartAsync(pro.Id, proCampaign.Id, cancellationToken).ConfigureAwait(false);
        return new DemoRun(trial, pro, trialCampaign, proCampaign, trialImport, proImport);
    }

    /// <summary>
    /// Scripts what each answering number says (<see cref="DemoNumber.Says"/>), spoken by <paramref name="voice"/> (the
    /// controller's espeak-ng) and heard through a G.711 channel: a person waits for the agent's greeting, then says a
    /// sentence and leaves room for the answer, and hangs up after the last one; a machine plays its greeting at once.
    /// </summary>
    public static async Task ScriptCallersAsync(EslSwitchEmulator fs, ITextToSpeech voice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(voice);
        // The telephone channel is applied here, per sentence (16 kHz → 8 kHz μ-law), not by the emulator over
        // each whole script: several calls start at once in the demo, and that rendering would hold up their streams.
        fs.AudioStreams.TelephoneBand = false;
        foreach (var number in TrialNumbers.Concat(ProNumbers).Where(n => n.Says is { Count: > 0 }))
        {
            var script = new EslCallerScript().Pause(number.IsMachine ? TimeSpan.FromMilliseconds(300) : GreetingRoom);
            foreach (string sentence in number.Says!)
            {
                short[] samples = await voice.SynthesizeAsync(sentence, cancellationToken).ConfigureAwait(false);
                script.Say(TelephoneLine.Carry(samples, voice.SampleRate), 8_000).Pause(AnswerRoom);
            }

            fs.AudioStreams.SetCaller(number.Digits, script.ThenHangUp());
        }
    }

    // The agent's greeting (about 4.5 s) starts within 1.2 s of the answer; an answer takes about 5 s at most.
    private static readonly TimeSpan GreetingRoom = TimeSpan.FromSeconds(6.5);
    private static readonly TimeSpan AnswerRoom = TimeSpan.FromSeconds(5.5);

    private const string MachineGreeting =
        "Hi, you have reached the voicemail of Aisha. I cannot take your call right now. Please leave a message after the tone.";

    // Answered; the conversation ends it (the agent's goodbye, or the caller hanging up), at the latest after 40 s.
    private static EslCallOutcome Talk() => EslCallOutcome.Answer(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(40));
}
