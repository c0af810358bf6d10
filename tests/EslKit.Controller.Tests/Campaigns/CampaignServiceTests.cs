using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Campaigns;

public sealed class CampaignServiceTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private CampaignService Campaigns => Services.Get<CampaignService>();

    [Fact]
    public async Task A_campaign_goes_draft_running_paused_running_cancelled_and_cancelling_settles_its_waiting_items()
    {
        var tenant = await Services.TenantAsync(AccountType.Trial);
        var campaign = await Services.CampaignAsync(tenant.Id);
        await Services.ImportAsync(campaign, Seed.MalaysianMobiles(5).Select(n => "+" + n).ToArray());
        Assert.Equal(CampaignState.Draft, campaign.State);

        var running = await Campaigns.StartAsync(tenant.Id, campaign.Id, default);
        Assert.Equal(CampaignState.Running, running.State);
        Assert.Equal(Services.Time.GetUtcNow(), running.StartedAt);
        Assert.Equal(CampaignState.Paused, (await Campaigns.PauseAsync(tenant.Id, campaign.Id, default)).State);
        Assert.Equal(CampaignState.Running, (await Campaigns.ResumeAsync(tenant.Id, campaign.Id, default)).State);
        Assert.Equal(CampaignState.Cancelled, (await Campaigns.CancelAsync(tenant.Id, campaign.Id, default)).State);

        var progress = await Campaigns.GetProgressAsync(tenant.Id, campaign.Id, default);
        Assert.Equal(5, progress.Total);
        Assert.Equal(5, progress.ByState[ItemState.Cancelled]);
        Assert.Equal(0, progress.ByState[ItemState.Pending]);
        Assert.Equal(5, progress.ByDisposition["cancelled"]);

        var ex = await Assert.ThrowsAsync<InputRejectedException>(() => Campaigns.StartAsync(tenant.Id, campaign.Id, default));
        Assert.Equal(InputError.InvalidState, ex.Error);
        await Assert.ThrowsAsync<InputRejectedException>(() => Campaigns.ResumeAsync(tenant.Id, campaign.Id, default));
    }

    [Fact]
    public async Task Another_tenants_campaign_does_not_exist_for_this_tenant()
    {
        var owner = await Services.TenantAsync(AccountType.Trial);
        var stranger = await Services.TenantAsync(AccountType.Pro);
        var campaign = await Services.CampaignAsync(owner.Id);

        await Assert.ThrowsAsync<NotFoundException>(() => Campaigns.GetAsync(stranger.Id, campaign.Id, default));
        await Assert.ThrowsAsync<NotFoundException>(() => Campaigns.StartAsync(stranger.Id, campaign.Id, default));
        await Assert.ThrowsAsync<NotFoundException>(() => Campaigns.GetProgressAsync(stranger.Id, campaign.Id, default));
        Assert.Empty(await Campaigns.ListAsync(stranger.Id, default));
        Assert.Equal(CampaignState.Draft, (await Campaigns.GetAsync(owner.Id, campaign.Id, default)).State);
    }

    [Fact]
    public async Task Bad_settings_are_refused_by_field_and_nothing_is_written()
    {
        var trial = await Services.TenantAsync(AccountType.Trial);
        var pro = await Services.TenantAsync(AccountType.Pro, mayOverrideCallerId: true);

        async Task<string> Refused(NewCampaign c) => (await Assert.ThrowsAsync<InputRejectedException>(() => Campaigns.CreateAsync(c, default))).Field;

        Assert.Equal("timeZone", await Refused(new NewCampaign(trial.Id, "c", TimeZone: "Mars/Olympus_Mons")));
        Assert.Equal("callerId", await Refused(new NewCampaign(trial.Id, "c", CallerId: "60312345678")));
        Assert.Equal("callerId", await Refused(new NewCampaign(pro.Id, "c", CallerId: "603-1234")));
        Assert.Equal("maxAttempts", await Refused(new NewCampaign(pro.Id, "c", MaxAttempts: 0)));
        Assert.Equal("window", await Refused(new NewCampaign(pro.Id, "c", Window: new CallingWindow(new TimeOnly(9, 0), new TimeOnly(9, 0)))));
        Assert.Equal("retryPolicy.jitter", await Refused(new NewCampaign(pro.Id, "c", RetryPolicy: new RetryPolicy(Jitter: 0.9))));
        Assert.Equal("defaultRegion", await Refused(new NewCampaign(pro.Id, "c", DefaultRegion: "ZZ")));
        Assert.Equal("name", await Refused(new NewCampaign(pro.Id, "")));
        await Assert.ThrowsAsync<NotFoundException>(() => Campaigns.CreateAsync(new NewCampaign(999, "c"), default));
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaigns"));

        var allowed = await Campaigns.CreateAsync(new NewCampaign(pro.Id, "c", CallerId: "+60312345678", RetryPolicy: new RetryPolicy(BusySeconds: 60)), default);
        Assert.Equal("+60312345678", allowed.CallerId);
        Assert.Equal(60, allowed.RetryPolicy.BusySeconds);
        Assert.Equal(CallingWindow.Default, allowed.Window);
        Assert.Equal(allowed, await Campaigns.GetAsync(pro.Id, allowed.Id, default));
    }

    [Fact]
    public async Task Adding_a_number_to_the_dnc_list_skips_its_waiting_items()
    {
        var tenant = await Services.TenantAsync(AccountType.Trial);
        var campaign = await Services.CampaignAsync(tenant.Id);
        await Services.ImportAsync(campaign, "+60123456789", "+60123456790");

        Assert.Equal(1, await Services.Get<DoNotCallService>().AddAsync(tenant.Id, ["0123456789"], "MY", default));

        var progress = await Campaigns.GetProgressAsync(tenant.Id, campaign.Id, default);
        Assert.Equal(1, progress.ByState[ItemState.Skipped]);
        Assert.Equal(1, progress.ByDisposition["dnc"]);
        Assert.Equal(["60123456789"], await Services.Get<DoNotCallService>().ListAsync(tenant.Id, default));
        await Assert.ThrowsAsync<InputRejectedException>(() => Services.Get<DoNotCallService>().AddAsync(tenant.Id, ["nope"], "MY", default));
    }
}
