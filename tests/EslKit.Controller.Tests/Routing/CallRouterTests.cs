using System.Buffers;
using System.Text;
using EslKit.Commands;
using EslKit.Controller.Routing;
using EslKit.Controller.Tenants;
using EslKit.Shared;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Tests.Routing;

public sealed class CallRouterTests
{
    // The hostile password of the captures (per-call-auth, pro-failover, failover-uuid) as the tenant typed it.
    private const string HostilePassword = "p,a}s{s'w\"o rd=^^x";

    private static readonly Guid CallId = Guid.Parse("0b7e4c1e-5a38-4c2b-9a8c-0f6f3f1d2a10");
    private static readonly Guid LegA = Guid.Parse("d8482845-9ce7-46a8-aa79-5c5bd67e4683");
    private static readonly Guid LegB = Guid.Parse("bbefcc84-cda5-40e7-884b-d7c4dfd0518b");

    private readonly CallRouter _router = new(Options.Create(new RoutingOptions
    {
        SharedGateway = "trunk",
        SharedCallerId = "010894904",
        SocketHost = "127.0.0.1",
        SocketPort = 8084,
        OriginateTimeoutSeconds = 30,
    }));

    [Fact]
    public void A_trial_call_goes_through_the_shared_gateway_with_the_shared_caller_id()
    {
        var call = _router.Route(new RouteRequest(7, AccountType.Trial, null, "601100777", CallId, 3, 1, [LegA]));

        Assert.Equal(
            "bgapi originate {origination_uuid=d8482845-9ce7-46a8-aa79-5c5bd67e4683,origination_caller_id_number=010894904,originate_timeout=30," +
            "eslkit_call_id=0b7e4c1e-5a38-4c2b-9a8c-0f6f3f1d2a10,eslkit_tenant=7,eslkit_campaign=3,eslkit_attempt=1}" +
            "sofia/gateway/trunk/601100777 &socket(127.0.0.1:8084\\sasync\\sfull)\nJob-UUID: 00000000-0000-0000-0000-000000000001\n\n",
            Wire(call.Originate));
        Assert.Equal("trial via gateway trunk", call.Description);
        Assert.Equal("gateway:trunk", call.Trunk);
        Assert.Equal(LegA, call.Originate.Uuid);
        Assert.Equal([LegA], call.Originate.LegUuids);
    }

    [Fact]
    public void A_pro_call_carries_a_hostile_password_intact_with_one_uuid_per_failover_leg()
    {
        var config = new PhoneConfig("601548732123", HostilePassword, "127.0.0.1:5091", "127.0.0.1:5090", "60387033446");

        var call = _router.Route(new RouteRequest(7, AccountType.Pro, config, "601100002", CallId, 3, 2, [LegA, LegB]));

        // The password escaped exactly as in the captures FreeSWITCH answered (a brace forces the <…> block), each
        // leg with its own origination_uuid (one UUID on both legs fails: capture failover-uuid), the primary given up
        // after the default leg_timeout (10 s).
        Assert.Equal(
            "bgapi originate <origination_caller_id_number=60387033446,originate_timeout=30,eslkit_call_id=0b7e4c1e-5a38-4c2b-9a8c-0f6f3f1d2a10," +
            "eslkit_tenant=7,eslkit_campaign=3,eslkit_attempt=2,sip_auth_username=601548732123,sip_auth_password=p\\,a}s{s\\'w\"o\\srd=^^x>" +
            "[origination_uuid=d8482845-9ce7-46a8-aa79-5c5bd67e4683,leg_timeout=10]sofia/external/601100002@127.0.0.1:5091|" +
            "[origination_uuid=bbefcc84-cda5-40e7-884b-d7c4dfd0518b]sofia/external/601100002@127.0.0.1:5090 &socket(127.0.0.1:8084\\sasync\\sfull)\n" +
            "Job-UUID: 00000000-0000-0000-0000-000000000001\n\n",
            Wire(call.Originate));
        Assert.Equal("pro 601548732123@127.0.0.1:5091 | 127.0.0.1:5090", call.Description);
        Assert.Equal("tenant:7", call.Trunk);
        Assert.Equal([LegA, LegB], call.Originate.LegUuids);
    }

    [Fact]
    public void The_escaped_password_and_leg_forms_are_those_of_the_real_captures()
    {
        string failover = File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures(), "freeswitch-calls", "failover-uuid.client.txt"));
        string perCallAuth = File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures(), "freeswitch", "bgapi-originate-per-call-auth.client.txt"));
        var config = new PhoneConfig("601548732123", HostilePassword, "127.0.0.1:5091", "127.0.0.1:5090");

        string wire = Wire(_router.Route(new RouteRequest(7, AccountType.Pro, config, "601100002", CallId, null, 1, [LegA, LegB])).Originate);

        // The credentials exactly as in the originate FreeSWITCH answered with +OK (per-call-auth's first line).
        const string credentials = "sip_auth_username=601548732123,sip_auth_password=p\\,a}s{s\\'w\"o\\srd=^^x>";
        Assert.Contains("<" + credentials, perCallAuth, StringComparison.Ordinal);
        Assert.Contains(credentials, wire, StringComparison.Ordinal);

        // The second leg exactly as in failover-uuid's working originate (distinct UUIDs per leg: +OK).
        const string secondLeg = "|[origination_uuid=bbefcc84-cda5-40e7-884b-d7c4dfd0518b]sofia/external/601100002@127.0.0.1:5090 ";
        Assert.Contains(secondLeg, failover, StringComparison.Ordinal);
        Assert.Contains(secondLeg, wire, StringComparison.Ordinal);
        Assert.Contains("[origination_uuid=d8482845-9ce7-46a8-aa79-5c5bd67e4683", failover, StringComparison.Ordinal);
        Assert.Contains("[origination_uuid=d8482845-9ce7-46a8-aa79-5c5bd67e4683,leg_timeout=10]sofia/external/601100002@127.0.0.1:5091|", wire, StringComparison.Ordinal);

        // The primary's leg_timeout in the form of the working originate: [origination_uuid=<a>,leg_timeout=3]….
        Assert.Contains(",leg_timeout=3]sofia/external/601100002@127.0.0.1:5091|", failover, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pro_call_without_secondary_has_one_leg_and_the_campaign_caller_id_overrides_the_tenants()
    {
        var config = new PhoneConfig("601548732121", "secret", "sip.example", CallerId: "60311111111");

        var call = _router.Route(new RouteRequest(9, AccountType.Pro, config, "60123456789", CallId, 4, 1, [LegA], CallerIdOverride: "60322222222"));

        Assert.Equal(
            "bgapi originate {origination_uuid=d8482845-9ce7-46a8-aa79-5c5bd67e4683,origination_caller_id_number=60322222222,originate_timeout=30," +
            "eslkit_call_id=0b7e4c1e-5a38-4c2b-9a8c-0f6f3f1d2a10,eslkit_tenant=9,eslkit_campaign=4,eslkit_attempt=1," +
            "sip_auth_username=601548732121,sip_auth_password=secret}sofia/external/60123456789@sip.example &socket(127.0.0.1:8084\\sasync\\sfull)\n" +
            "Job-UUID: 00000000-0000-0000-0000-000000000001\n\n",
            Wire(call.Originate));
        Assert.Equal("pro 601548732121@sip.example", call.Description);
    }

    [Fact]
    public void A_pro_tenant_without_sip_configuration_gets_no_route()
    {
        var ex = Assert.Throws<RouteUnavailableException>(() => _router.Route(new RouteRequest(7, AccountType.Pro, null, "601100002", CallId, 3, 1, [LegA])));

        Assert.Equal("Pro account requires SIP configuration", ex.Message);
        Assert.Equal("no_sip_configuration", ex.Disposition);
    }

    [Fact]
    public void The_uuids_must_match_the_legs()
    {
        var config = new PhoneConfig("u", "p", "a.example", "b.example");

        Assert.Throws<ArgumentException>(() => _router.Route(new RouteRequest(7, AccountType.Pro, config, "601100002", CallId, 3, 1, [LegA])));
        Assert.Equal(2, CallRouter.LegCount(AccountType.Pro, config));
        Assert.Equal(1, CallRouter.LegCount(AccountType.Trial, config));
        Assert.Equal(1, CallRouter.LegCount(AccountType.Pro, config with { SecondaryProxy = null }));
    }

    [Fact]
    public void Renderings_for_logs_mask_the_password()
    {
        var config = new PhoneConfig("601548732123", HostilePassword, "127.0.0.1:5091", "127.0.0.1:5090");
        var call = _router.Route(new RouteRequest(7, AccountType.Pro, config, "601100002", CallId, 3, 1, [LegA, LegB]));

        foreach (string text in new[] { call.Originate.ToString(), call.ToString(), config.ToString(), call.Description })
        {
            Assert.DoesNotContain("a}s{s", text, StringComparison.Ordinal);
            Assert.DoesNotContain("w\"o", text, StringComparison.Ordinal);
        }

        Assert.Contains("sip_auth_password=***", call.Originate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pass:word", "sipPassword", "ColonInSipCredential")]
    [InlineData("back\\slash", "sipPassword", "CannotBeCarried")]
    [InlineData(" leading", "sipPassword", "CannotBeCarried")]
    [InlineData("two''quotes", "sipPassword", "CannotBeCarried")]
    [InlineData("has${var}", "sipPassword", "CannotBeCarried")]
    [InlineData("line\nbreak", "sipPassword", "CannotBeCarried")]
    [InlineData("all{}<>[]", "sipPassword", "CannotBeCarried")]
    [InlineData("", "sipPassword", "Required")]
    public void Passwords_FreeSWITCH_cannot_carry_are_refused_at_save_time_without_the_value(string password, string field, string errorName)
    {
        var error = Enum.Parse<InputError>(errorName);
        var ex = Assert.Throws<InputRejectedException>(() => _router.Check(new PhoneConfig("601548732123", password, "127.0.0.1:5090", "127.0.0.1:5091")));

        Assert.Equal(field, ex.Field);
        Assert.Equal(error, ex.Error);
        if (password.Length > 0)
        {
            Assert.DoesNotContain(password, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(password, ex.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_user_password_pair_is_capped_at_256_bytes()
    {
        string user = "601548732123";
        string fits = new('x', 256 - user.Length - 1);
        _router.Check(new PhoneConfig(user, fits, "127.0.0.1:5090"));

        var ex = Assert.Throws<InputRejectedException>(() => _router.Check(new PhoneConfig(user, fits + "é", "127.0.0.1:5090")));
        Assert.Equal(InputError.SipCredentialsTooLong, ex.Error);
        Assert.Equal("sipPassword", ex.Field);
    }

    [Fact]
    public void A_username_with_a_colon_and_bad_proxies_and_caller_ids_are_refused_by_field()
    {
        Assert.Equal(InputError.ColonInSipCredential, Assert.Throws<InputRejectedException>(() => _router.Check(new PhoneConfig("user:x", "p", "sip.example"))).Error);
        Assert.Equal("sipUsername", Assert.Throws<InputRejectedException>(() => _router.Check(new PhoneConfig("user:x", "p", "sip.example"))).Field);
        Assert.Equal("sipProxyPrimary", Assert.Throws<InputRejectedException>(() => _router.Check(new PhoneConfig("u", "p", "sip.example:99999"))).Field);
        Assert.Equal("sipProxyPrimary", Assert.Throws<InputRejectedException>(() => _router.Check(new PhoneConfig("u", "p", "sip example"))).Field);
        Assert.Equal("sipProxySecondary", Assert.Throws<InputRejectedException>(() => _router.Check(new PhoneConfig("u", "p", "sip.example", "a|b"))).Field);
        Assert.Equal("sipCallerId", Assert.Throws<InputRejectedException>(() => _router.Check(new PhoneConfig("u", "p", "sip.example", CallerId: "60-3"))).Field);

        // What the captures carried is accepted.
        _router.Check(new PhoneConfig("601548732123", HostilePassword, "127.0.0.1:5091", "127.0.0.1:5090", "+60387033446"));
    }

    [Theory]
    [InlineData(3, 30, "3")]
    [InlineData(45, 30, "30")] // never above the originate timeout
    [InlineData(0, 30, null)] // none: the primary has the whole originate timeout
    public void Only_the_primary_leg_of_a_failover_gets_a_leg_timeout(int primaryLegTimeout, int originateTimeout, string? expected)
    {
        var router = new CallRouter(Options.Create(new RoutingOptions { PrimaryLegTimeoutSeconds = primaryLegTimeout, OriginateTimeoutSeconds = originateTimeout }));
        var config = new PhoneConfig("601548732123", "secret", "sip1.example", "sip2.example");

        string wire = Wire(router.Route(new RouteRequest(7, AccountType.Pro, config, "601100002", CallId, 3, 1, [LegA, LegB])).Originate);
        string single = Wire(router.Route(new RouteRequest(7, AccountType.Pro, config with { SecondaryProxy = null }, "601100002", CallId, 3, 1, [LegA])).Originate);

        string primary = expected is null ? $"[origination_uuid={LegA}]" : $"[origination_uuid={LegA},leg_timeout={expected}]";
        Assert.Contains(primary + "sofia/external/601100002@sip1.example|" + $"[origination_uuid={LegB}]sofia/external/601100002@sip2.example ", wire, StringComparison.Ordinal);
        Assert.Equal(expected is null ? 0 : 1, wire.Split("leg_timeout").Length - 1);
        Assert.DoesNotContain("leg_timeout", single, StringComparison.Ordinal); // one leg: the originate timeout bounds it
    }

    private static string Wire(EslOriginate originate)
    {
        var writer = new ArrayBufferWriter<byte>();
        EslCommands.BgApi(originate, Guid.Parse("00000000-0000-0000-0000-000000000001")).WriteTo(writer);
        return Encoding.UTF8.GetString(writer.WrittenSpan);
    }
}
