using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Diagnostics;
using EslKit.Controller.Storage;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EslKit.Controller.Tests.Diagnostics;

/// <summary>
/// A pro tenant's whole path — SIP configuration saved (and a refused one), key rotation, campaign, claim, route,
/// outcomes, call log — with every log line, metric tag and trace captured: the password appears in none of
/// them, in clear or as FreeSWITCH would receive it escaped.
/// </summary>
public sealed class SecretsStayOutTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const string Password = "Zq7'wx,y}z{Sec ret=^^x";
    private const string Escaped = "Zq7\\'wx\\,y}z{Sec\\sret=^^x";
    private const string RefusedPassword = "Zq7:refused";

    [Fact]
    public async Task The_password_reaches_no_log_line_metric_or_trace()
    {
        var traced = new ConcurrentQueue<string>();
        var measured = new ConcurrentQueue<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ControllerDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => traced.Enqueue($"{a.DisplayName} {string.Join(",", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))} {a.StatusDescription}"),
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ControllerDiagnostics.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measured.Enqueue($"{instrument.Name} {value} {Tags(tags)}"));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measured.Enqueue($"{instrument.Name} {value} {Tags(tags)}"));
        meters.Start();

        var tenant = await Services.TenantAsync(AccountType.Pro);
        var configs = Services.Get<PhoneConfigService>();
        await Assert.ThrowsAsync<InputRejectedException>(() => configs.SaveAsync(tenant.Id, new PhoneConfig("601548732121", RefusedPassword, "sip.example"), default));
        await configs.SaveAsync(tenant.Id, new PhoneConfig("601548732121", Password, "sip1.example", "sip2.example"), default);
        await configs.RotateKeysAsync(default);
        var campaign = await Services.CampaignAsync(tenant.Id);
        await Services.ImportAsync(campaign, "+60123456789", "+60123456790");
        await Services.Get<CampaignService>().StartAsync(tenant.Id, campaign.Id, default);
        var calls = await Services.Get<CallPreparer>().PrepareAsync(10, default);
        Assert.Equal(2, calls.Count);
        var outcomes = Services.Get<OutcomeRecorder>();
        await outcomes.MarkAnsweredAsync(calls[0].Item.CallId, 1, default);
        await outcomes.RecordEndAsync(calls[0].Item.CallId, 1, "NORMAL_CLEARING", default);
        await outcomes.RecordEndAsync(calls[1].Item.CallId, 1, "-ERR CALL_REJECTED", default);
        var logs = Services.Get<CallLogStore>();
        await logs.RecordStartAsync(new CallStart(calls[0].Item.CallId, 1, tenant.Id, campaign.Id, calls[0].Item.ItemId, calls[0].Item.Number, AccountType.Pro, calls[0].Route.Description, "fs1", Services.Time.GetUtcNow()), default);
        await logs.RecordEndAsync(new CallEnd(calls[0].Item.CallId, 1, null, null, Services.Time.GetUtcNow(), 10, 8, "NORMAL_CLEARING", "200", "fs1"), default);
        meters.RecordObservableInstruments();

        var texts = Services.Logs.Entries
            .Concat(traced)
            .Concat(measured)
            .Concat(calls.Select(c => c.ToString()))
            .Concat(calls.Select(c => c.Route.Originate.ToString()))
            .ToList();
        Assert.NotEmpty(Services.Logs.Entries);
        Assert.NotEmpty(traced);
        Assert.NotEmpty(measured);
        Assert.Contains(Services.Logs.Entries, e => e.Contains("pro 601548732121@sip1.example", StringComparison.Ordinal));
        foreach (string secret in new[] { Password, Escaped, RefusedPassword, "wx,y}z{Sec", "wx\\,y}z{Sec" })
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_malformed_connection_string_is_reported_without_its_password()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ControllerDatabase.OpenAsync(
            new StorageOptions { ConnectionString = "Host=127.0.0.1;Password=hunter2-secret;NoSuchKeyword=1" },
            NullLoggerFactory.Instance,
            default));

        Assert.DoesNotContain("hunter2", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("Storage:ConnectionString", ex.Message, StringComparison.Ordinal);
    }

    private static string Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        return string.Join(",", parts);
    }
}
