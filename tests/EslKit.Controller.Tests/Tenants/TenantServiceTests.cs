using System.Text;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Tenants;

public sealed class TenantServiceTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private TenantService Tenants => Services.Get<TenantService>();

    [Fact]
    public async Task New_tenants_get_the_account_types_defaults_and_the_system_price()
    {
        var trial = await Tenants.CreateAsync(new NewTenant("acme-trial", AccountType.Trial), default);
        var pro = await Tenants.CreateAsync(new NewTenant("acme-pro", AccountType.Pro), default);

        Assert.Equal(3, trial.ConcurrencyLimit);
        Assert.Equal(10, pro.ConcurrencyLimit);
        Assert.Equal(0.15m, trial.PricePerMinute);
        Assert.Equal("MY", pro.DefaultRegion);
        Assert.True(pro.Active);
        Assert.Equal(pro, await Tenants.GetAsync(pro.Id, default));
    }

    [Theory]
    [InlineData("trial", 4)]
    [InlineData("trial", 0)]
    [InlineData("pro", 51)]
    [InlineData("pro", -1)]
    public async Task Limits_outside_the_account_types_range_are_refused(string accountType, int limit)
    {
        var type = AccountTypes.Parse(accountType);
        var ex = await Assert.ThrowsAsync<InputRejectedException>(() => Tenants.CreateAsync(new NewTenant("t", type, limit), default));

        Assert.Equal("concurrencyLimit", ex.Field);
        Assert.Equal(InputError.OutOfRange, ex.Error);
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task A_pro_tenant_may_hold_fifty_calls_and_be_changed_within_its_range()
    {
        var pro = await Tenants.CreateAsync(new NewTenant("big", AccountType.Pro, 50), default);
        await Tenants.SetConcurrencyLimitAsync(pro.Id, 20, default);

        Assert.Equal(20, (await Tenants.GetAsync(pro.Id, default)).ConcurrencyLimit);
        await Assert.ThrowsAsync<InputRejectedException>(() => Tenants.SetConcurrencyLimitAsync(pro.Id, 51, default));
    }

    [Fact]
    public async Task An_update_checks_the_limit_against_the_account_type_it_will_have_and_writes_all_or_nothing()
    {
        var pro = await Tenants.CreateAsync(new NewTenant("changing", AccountType.Pro, 12, 0.2m, MayOverrideCallerId: true), default);

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Tenants.UpdateAsync(pro.Id, new TenantChanges(AccountType.Trial, Active: false, PricePerMinute: 0.3m), default));
        Assert.Equal(("concurrencyLimit", InputError.OutOfRange), (refused.Field, refused.Error));
        Assert.Equal(pro, await Tenants.GetAsync(pro.Id, default));
        Assert.Equal("pricePerMinute", (await Assert.ThrowsAsync<InputRejectedException>(() => Tenants.UpdateAsync(pro.Id, new TenantChanges(ConcurrencyLimit: 2, PricePerMinute: 0.00001m), default))).Field);
        Assert.Equal(pro, await Tenants.GetAsync(pro.Id, default));
        await Assert.ThrowsAsync<NotFoundException>(() => Tenants.UpdateAsync(12345, new TenantChanges(Active: false), default));

        var trial = await Tenants.UpdateAsync(pro.Id, new TenantChanges(AccountType.Trial, false, 2, 0.3m), default);
        Assert.Equal(pro with { AccountType = AccountType.Trial, Active = false, ConcurrencyLimit = 2, PricePerMinute = 0.3m, MayOverrideCallerId = false }, trial);
        Assert.Equal(trial, await Tenants.GetAsync(pro.Id, default));
        Assert.Equal(trial, await Tenants.UpdateAsync(pro.Id, new TenantChanges(), default));
    }

    [Fact]
    public async Task Bad_input_is_refused_by_field_and_nothing_is_written()
    {
        Assert.Equal("name", (await Assert.ThrowsAsync<InputRejectedException>(() => Tenants.CreateAsync(new NewTenant(" ", AccountType.Trial), default))).Field);
        Assert.Equal("defaultRegion", (await Assert.ThrowsAsync<InputRejectedException>(() => Tenants.CreateAsync(new NewTenant("x", AccountType.Trial, DefaultRegion: "XX"), default))).Field);
        Assert.Equal("pricePerMinute", (await Assert.ThrowsAsync<InputRejectedException>(() => Tenants.CreateAsync(new NewTenant("x", AccountType.Trial, PricePerMinute: -1m), default))).Field);
        Assert.Equal("mayOverrideCallerId", (await Assert.ThrowsAsync<InputRejectedException>(() => Tenants.CreateAsync(new NewTenant("x", AccountType.Trial, MayOverrideCallerId: true), default))).Field);
        await Assert.ThrowsAsync<NotFoundException>(() => Tenants.GetAsync(12345, default));
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM users"));

        await Tenants.CreateAsync(new NewTenant("taken", AccountType.Trial), default);
        var duplicate = await Assert.ThrowsAsync<InputRejectedException>(() => Tenants.CreateAsync(new NewTenant("taken", AccountType.Pro), default));
        Assert.Equal(InputError.Duplicate, duplicate.Error);
    }

    [Fact]
    public async Task An_api_key_is_stored_only_as_a_hash_and_finds_its_active_tenant()
    {
        var tenant = await Tenants.CreateAsync(new NewTenant("keyed", AccountType.Pro), default);
        string key = await Tenants.IssueApiKeyAsync(tenant.Id, default);

        Assert.StartsWith("esk_", key, StringComparison.Ordinal);
        Assert.Equal(tenant.Id, (await Tenants.FindByApiKeyAsync(key, default))?.Id);
        Assert.Null(await Tenants.FindByApiKeyAsync(key[..^1] + (key[^1] == 'A' ? 'B' : 'A'), default));
        Assert.Null(await Tenants.FindByApiKeyAsync("esk_nothing", default));

        // The raw row holds the SHA-256 hash and the public prefix, never the key.
        string row = await Database.ScalarAsync<string>("SELECT row_to_json(u)::text FROM users u WHERE id = $1", tenant.Id);
        string secretPart = key.Split('_', 3)[2];
        Assert.DoesNotContain(secretPart, row, StringComparison.Ordinal);
        byte[] hash = await Database.ScalarAsync<byte[]>("SELECT api_key_hash FROM users WHERE id = $1", tenant.Id);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)), hash);

        // A new key replaces the old; an inactive tenant's key finds nothing.
        string second = await Tenants.IssueApiKeyAsync(tenant.Id, default);
        Assert.Null(await Tenants.FindByApiKeyAsync(key, default));
        await Tenants.SetActiveAsync(tenant.Id, false, default);
        Assert.Null(await Tenants.FindByApiKeyAsync(second, default));
    }
}
