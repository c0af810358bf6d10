using System.Security.Cryptography;
using System.Text;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Tenants;

public sealed class PhoneConfigServiceTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const string HostilePassword = "p,a}s{s'w\"o rd=^^x";

    [Fact]
    public async Task The_password_is_encrypted_at_rest_and_read_back_intact()
    {
        var pro = await Services.Get<TenantService>().CreateAsync(new NewTenant("pro", AccountType.Pro), default);
        var config = new PhoneConfig("601548732123", HostilePassword, "127.0.0.1:5091", "127.0.0.1:5090", "60387033446");

        await Services.Get<PhoneConfigService>().SaveAsync(pro.Id, config, default);

        Assert.Equal(config, await Services.Get<PhoneConfigService>().FindAsync(pro.Id, default));

        // The raw row: no column holds the password in any form we can think of; the key id is stored with it.
        string row = await Database.ScalarAsync<string>("SELECT row_to_json(p)::text FROM phone_config p WHERE tenant_id = $1", pro.Id);
        byte[] ciphertext = await Database.ScalarAsync<byte[]>("SELECT sip_password_ciphertext FROM phone_config WHERE tenant_id = $1", pro.Id);
        Assert.DoesNotContain("a}s{s", row, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes(HostilePassword)), row, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(-1, ciphertext.AsSpan().IndexOf(Encoding.UTF8.GetBytes(HostilePassword)));
        Assert.Equal("k1", await Database.ScalarAsync<string>("SELECT sip_password_key_id FROM phone_config WHERE tenant_id = $1", pro.Id));
    }

    [Fact]
    public async Task A_refused_password_is_not_written_and_its_error_names_only_the_field()
    {
        var pro = await Services.Get<TenantService>().CreateAsync(new NewTenant("pro", AccountType.Pro), default);

        var ex = await Assert.ThrowsAsync<InputRejectedException>(
            () => Services.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("601548732121", "p\\,a}s{s'w\"o rd=^^:x", "sip.example"), default));

        Assert.Equal("sipPassword", ex.Field);
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM phone_config"));
        Assert.DoesNotContain("a}s{s", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Services.Logs.Entries, e => e.Contains("a}s{s", StringComparison.Ordinal));
        Assert.Contains(Services.Logs.Entries, e => e.Contains("SIP configuration refused for tenant", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trial_tenants_cannot_have_sip_configuration()
    {
        var trial = await Services.Get<TenantService>().CreateAsync(new NewTenant("trial", AccountType.Trial), default);

        var ex = await Assert.ThrowsAsync<InputRejectedException>(
            () => Services.Get<PhoneConfigService>().SaveAsync(trial.Id, new PhoneConfig("u", "p", "sip.example"), default));
        Assert.Equal(InputError.NotAllowed, ex.Error);
        await Assert.ThrowsAsync<NotFoundException>(() => Services.Get<PhoneConfigService>().SaveAsync(999, new PhoneConfig("u", "p", "sip.example"), default));
    }

    [Fact]
    public async Task Rotation_re_encrypts_every_password_under_the_new_key()
    {
        var tenants = Services.Get<TenantService>();
        var one = await tenants.CreateAsync(new NewTenant("one", AccountType.Pro), default);
        var two = await tenants.CreateAsync(new NewTenant("two", AccountType.Pro), default);
        await Services.Get<PhoneConfigService>().SaveAsync(one.Id, new PhoneConfig("u1", HostilePassword, "sip.example"), default);
        await Services.Get<PhoneConfigService>().SaveAsync(two.Id, new PhoneConfig("u2", "second", "sip.example"), default);

        string keyTwo = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using var rotated = Database.Services(new Dictionary<string, string?> { ["Secrets:Keys:k2"] = keyTwo, ["Secrets:CurrentKeyId"] = "k2" });
        Assert.Equal(2, await rotated.Get<PhoneConfigService>().RotateKeysAsync(default));
        Assert.Equal(0, await rotated.Get<PhoneConfigService>().RotateKeysAsync(default));

        Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT count(*) FROM phone_config WHERE sip_password_key_id = 'k2'"));

        // Readable with only the new key configured.
        using var onlyNew = Database.Services(new Dictionary<string, string?> { ["Secrets:Keys:k1"] = null, ["Secrets:Keys:k2"] = keyTwo, ["Secrets:CurrentKeyId"] = "k2" });
        var read = await onlyNew.Get<PhoneConfigService>().FindManyAsync([one.Id, two.Id], default);
        Assert.Equal(HostilePassword, read[one.Id].SipPassword);
        Assert.Equal("second", read[two.Id].SipPassword);
    }

    [Fact]
    public async Task Deleting_the_configuration_leaves_none()
    {
        var pro = await Services.Get<TenantService>().CreateAsync(new NewTenant("pro", AccountType.Pro), default);
        await Services.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("u", "p", "sip.example"), default);

        Assert.True(await Services.Get<PhoneConfigService>().DeleteAsync(pro.Id, default));
        Assert.Null(await Services.Get<PhoneConfigService>().FindAsync(pro.Id, default));
    }
}
