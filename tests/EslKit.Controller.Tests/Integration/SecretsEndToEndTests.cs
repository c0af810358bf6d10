using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using EslKit.Controller.Diagnostics;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// A pro tenant's calls through the whole controller and the emulator — claim, originate over ESL, answer on the
/// outbound socket, hangups on both connections, call logs — with every log line (the controller's and
/// EslKit's), metric and trace captured: neither the SIP password (raw or escaped as sent) nor the node's ESL
/// password appears in any; the SIP password is encrypted at rest (the raw row is read).
/// </summary>
public sealed class SecretsEndToEndTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const string SipPassword = "Xk9'pw,q}r{End toEnd=^^z";
    private const string Escaped = "Xk9\\'pw\\,q}r{End\\stoEnd=^^z";
    private const string EslPassword = "esl-Secret-7c1d";

    [Fact]
    public async Task No_password_reaches_a_log_line_metric_or_trace_and_the_sip_password_is_encrypted_at_rest()
    {
        var traced = new ConcurrentQueue<string>();
        var measured = new ConcurrentQueue<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ControllerDiagnostics.Name or "EslKit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => traced.Enqueue($"{a.DisplayName} {string.Join(",", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))} {a.StatusDescription}"),
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name is ControllerDiagnostics.Name or "EslKit")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measured.Enqueue($"{instrument.Name} {value} {Tags(tags)}"));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measured.Enqueue($"{instrument.Name} {value} {Tags(tags)}"));
        meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => measured.Enqueue($"{instrument.Name} {value} {Tags(tags)}"));
        meters.Start();

        await using (var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            SwitchPassword = EslPassword,
            ConfigureSwitch = fs =>
            {
                fs.Calls.AddHost("127.0.0.1:5090").AddAccount("601548732199", SipPassword);
                fs.Calls.SetOutcome("60121000070", EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
                fs.Calls.SetOutcome("60121000071", EslCallOutcome.Busy());
            },
        }))
        {
            var pro = await harness.Get<TenantService>().CreateAsync(new NewTenant("secret-pro", AccountType.Pro), default);
            await harness.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("601548732199", SipPassword, "127.0.0.1:5091", "127.0.0.1:5090"), default);
            long campaign = await Scenario.CampaignAsync(harness, pro, ["60121000070", "60121000071"]);
            await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign), "both calls to end");
            Assert.Equal(
                ["done", "failed"],
                (await ItemRow.ListAsync(Database, campaign)).Select(i => i.State));
            Assert.Contains(harness.Switch.Calls.Originates, o => o.Arguments.Contains(Escaped, StringComparison.Ordinal)); // it was sent, escaped

            meters.RecordObservableInstruments();
            var texts = harness.Logs.Entries.Concat(traced).Concat(measured).ToList();
            Assert.Contains(harness.Logs.Entries, e => e.Contains("pro 601548732199@127.0.0.1:5091", StringComparison.Ordinal));
            Assert.Contains(traced, t => t.StartsWith("esl bgapi", StringComparison.Ordinal));
            Assert.Contains(measured, m => m.StartsWith("eslkit.controller.originates", StringComparison.Ordinal));
            foreach (string secret in new[] { SipPassword, Escaped, "Xk9", "toEnd", EslPassword })
            {
                Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
            }
        }

        await using var command = Database.DataSource.CreateCommand("SELECT sip_password_key_id, sip_password_ciphertext FROM phone_config");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("k1", reader.GetString(0));
        byte[] stored = reader.GetFieldValue<byte[]>(1);
        Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes("toEnd")));
        Assert.True(stored.Length >= Encoding.UTF8.GetByteCount(SipPassword) + 28); // nonce + ciphertext + tag
    }

    private static string Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in tags)
        {
            text.Append(key).Append('=').Append(value).Append(' ');
        }

        return text.ToString();
    }
}
