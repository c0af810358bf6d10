using System.Collections.Concurrent;
using System.Text;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using EslKit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EslKit.Controller.Demo;

/// <summary>
/// The demo: a trial tenant (through the shared gateway) and a pro tenant (its own SIP account, with a hostile
/// password from the captures, on a primary proxy that is down and a secondary that answers), one campaign each,
/// and what the demo switch answers for every number: calls answered for a few seconds, busy (then answered on
/// the retry), no answer, rejected, unallocated; a number on the DNC list and a line that is not a number; and
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
        new("+60 12-300 0001", "60123000001", "answers, talks 3 s", [Answer(3)]),
        new("+60 12-300 0002", "60123000002", "answers, talks 5 s", [Answer(5)]),
        new("012-300 0003", "60123000003", "busy, then answers on the retry (2 s)", [EslCallOutcome.Busy(), Answer(2)]),
        new("+60 12-300 0004", "60123000004", "rings out twice (no answer)", [EslCallOutcome.NoAnswer()]),
        new("+60 12-300 0005", "60123000005", "rejects the call", [EslCallOutcome.Reject()]),
        new("+60 12-300 0006", "60123000006", "is not allocated", [EslCallOutcome.Unallocated()]),
        new("+60 12-300 0007", "60123000007", "is on the tenant's DNC list: never dialled", []),
    ];

    /// <summary>The pro campaign's numbers.</summary>
    public static readonly IReadOnlyList<DemoNumber> ProNumbers =
    [
        new("+60 13-400 0001", "60134000001", "answers after failover, talks 4 s", [Answer(4)]),
        new("+60 13-400 0002", "60134000002", "answers after failover, talks 2 s", [Answer(2)]),
        new("+60 13-400 0003", "60134000003", "busy twice", [EslCallOutcome.Busy()]),
        new("+60 13-400 0004", "60134000004", "answers after failover, talks 6 s", [Answer(6)]),
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

    private static EslCallOutcome Answer(int seconds) => EslCallOutcome.Answer(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(seconds));
}
