using System.Globalization;
using EslKit.Commands;
using EslKit.Controller.Tenants;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Routing;

/// <summary>
/// Chooses a call's route and builds its originate with EslKit's builder (every value escaped, or refused):
/// trial → <c>sofia/gateway/&lt;shared gateway&gt;/&lt;number&gt;</c> with the shared caller ID; pro →
/// <c>sofia/&lt;profile&gt;/&lt;number&gt;@&lt;primary&gt;</c> with per-call <c>sip_auth_username</c>/<c>sip_auth_password</c>
/// and the tenant's caller ID, failing over (<c>|</c>) to the secondary proxy. Each leg has its own origination
/// UUID (FreeSWITCH refuses one UUID on sequential legs: capture failover-uuid). Every originate carries our
/// variables (eslkit_call_id, eslkit_tenant, eslkit_campaign, eslkit_attempt), originate_timeout and
/// <c>&amp;socket(&lt;host&gt;:&lt;port&gt; async full)</c>.
/// </summary>
internal sealed class CallRouter(IOptions<RoutingOptions> options)
{
    /// <summary>The per-leg variable that bounds one failover leg (FreeSWITCH's <c>leg_timeout</c>, seconds).</summary>
    public const string LegTimeout = "leg_timeout";

    private readonly RoutingOptions _options = options.Value;

    /// <summary>The trunk a tenant's calls count against.</summary>
    public string TrunkFor(long tenantId, AccountType accountType) =>
        accountType == AccountType.Trial ? TrunkNames.Gateway(_options.SharedGateway) : TrunkNames.Tenant(tenantId);

    /// <summary>How many legs (and so origination UUIDs) a call of this tenant has.</summary>
    public static int LegCount(AccountType accountType, PhoneConfig? phoneConfig) =>
        accountType == AccountType.Pro && phoneConfig?.SecondaryProxy is not null ? 2 : 1;

    /// <summary>Routes one attempt.</summary>
    /// <exception cref="RouteUnavailableException">A pro tenant without SIP configuration.</exception>
    /// <exception cref="EslValueRejectedException">A value EslKit cannot carry (the number, a stored value that predates a rule).</exception>
    /// <exception cref="ArgumentException">The number of leg UUIDs does not match the route's legs.</exception>
    public RoutedCall Route(RouteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var builder = EslOriginate.CreateBuilder()
            .Timeout(_options.OriginateTimeoutSeconds)
            .Variable("eslkit_call_id", request.CallId.ToString("D"))
            .Variable("eslkit_tenant", request.TenantId.ToString(CultureInfo.InvariantCulture));
        if (request.CampaignId is { } campaignId)
        {
            builder.Variable("eslkit_campaign", campaignId.ToString(CultureInfo.InvariantCulture));
        }

        builder.Variable("eslkit_attempt", request.Attempt.ToString(CultureInfo.InvariantCulture));
        string description;
        List<EslEndpoint> legs;
        if (request.AccountType == AccountType.Trial)
        {
            string gateway = request.Target?.SharedGateway ?? _options.SharedGateway;
            builder.CallerIdNumber(_options.SharedCallerId);
            legs = [EslEndpoint.Gateway(gateway, request.Number)];
            description = $"trial via gateway {gateway}";
        }
        else
        {
            var config = request.PhoneConfig ?? throw RouteUnavailableException.NoSipConfiguration();
            builder.SipCredentials(config.SipUsername, config.SipPassword);
            if ((request.CallerIdOverride ?? config.CallerId) is { } callerId)
            {
                builder.CallerIdNumber(callerId);
            }

            legs = [EslEndpoint.Sofia(_options.SipProfile, request.Number, config.PrimaryProxy)];
            description = $"pro {config.SipUsername}@{config.PrimaryProxy}";
            if (config.SecondaryProxy is { } secondary)
            {
                legs.Add(EslEndpoint.Sofia(_options.SipProfile, request.Number, secondary));
                description += $" | {secondary}";
            }
        }

        if (request.LegUuids.Count != legs.Count)
        {
            throw new ArgumentException($"The route has {legs.Count} leg(s) but {request.LegUuids.Count} origination UUID(s) were chosen.", nameof(request));
        }

        if (legs.Count == 1)
        {
            builder.Uuid(request.LegUuids[0]).Leg(legs[0]);
        }
        else
        {
            // One origination_uuid per leg, in that leg's own […] block; every leg but the last is given up after
            // leg_timeout, so a dead primary does not hold the call for the whole originate timeout.
            int legTimeout = Math.Min(_options.PrimaryLegTimeoutSeconds, _options.OriginateTimeoutSeconds);
            for (int i = 0; i < legs.Count; i++)
            {
                if (i < legs.Count - 1 && legTimeout > 0)
                {
                    builder.Leg(legs[i], request.LegUuids[i], new EslVariable(LegTimeout, legTimeout.ToString(CultureInfo.InvariantCulture)));
                }
                else
                {
                    builder.Leg(legs[i], request.LegUuids[i]);
                }
            }
        }

        var originate = builder
            .Mode(EslLegMode.Sequential)
            .Application(EslApplication.Socket(request.Target?.SocketHost ?? _options.SocketHost, request.Target?.SocketPort ?? _options.SocketPort))
            .Build();
        return new RoutedCall(originate, description, TrunkFor(request.TenantId, request.AccountType), request.AccountType);
    }

    /// <summary>
    /// Checks a SIP configuration when it is saved, by building the pro route it will be used in (both legs,
    /// our variables, the caller ID): so a password FreeSWITCH cannot carry is refused now, not when a call is
    /// due. The error names the field and the reason, never the value.
    /// </summary>
    /// <exception cref="InputRejectedException">A missing or refused value.</exception>
    public void Check(PhoneConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Required(config.SipUsername, "sipUsername");
        Required(config.SipPassword, "sipPassword");
        Required(config.PrimaryProxy, "sipProxyPrimary");
        CheckProxy(config.PrimaryProxy, "sipProxyPrimary");
        if (config.SecondaryProxy is not null)
        {
            CheckProxy(config.SecondaryProxy, "sipProxySecondary");
        }

        if (config.CallerId is not null)
        {
            CheckCallerId(config.CallerId, "sipCallerId");
        }

        var sample = new RouteRequest(
            long.MaxValue,
            AccountType.Pro,
            config,
            "0",
            Guid.NewGuid(),
            long.MaxValue,
            int.MaxValue,
            [.. Enumerable.Range(0, LegCount(AccountType.Pro, config)).Select(_ => Guid.NewGuid())]);
        try
        {
            Route(sample);
        }
        catch (EslValueRejectedException ex)
        {
            string field = ex.Field.EndsWith(EslOriginateBuilder.SipAuthUsername, StringComparison.OrdinalIgnoreCase) ? "sipUsername"
                : ex.Field.EndsWith(EslOriginateBuilder.SipAuthPassword, StringComparison.OrdinalIgnoreCase) ? "sipPassword"
                : ex.Field;
            var error = ex.Reason switch
            {
                EslRejectionReason.ColonInSipCredential => InputError.ColonInSipCredential,
                EslRejectionReason.SipCredentialsTooLong => InputError.SipCredentialsTooLong,
                EslRejectionReason.Empty => InputError.Required,
                _ => InputError.CannotBeCarried,
            };
            throw new InputRejectedException(field, error, ex.Reason.ToString());
        }
    }

    /// <summary>Checks a caller ID number: an optional <c>+</c> and digits (EslKit's rule for origination_caller_id_number).</summary>
    /// <exception cref="InputRejectedException">It is not.</exception>
    public static void CheckCallerId(string callerId, string field)
    {
        try
        {
            EslOriginate.CreateBuilder().CallerIdNumber(callerId);
        }
        catch (EslValueRejectedException ex)
        {
            throw new InputRejectedException(field, InputError.InvalidFormat, ex.Reason.ToString());
        }
    }

    private void CheckProxy(string proxy, string field)
    {
        try
        {
            EslEndpoint.Sofia(_options.SipProfile, "0", proxy);
        }
        catch (EslValueRejectedException ex)
        {
            throw new InputRejectedException(field, InputError.InvalidFormat, "host[:port]: a DNS name or IPv4 address, port 1-65535 (" + ex.Reason + ")");
        }
    }

    private static void Required(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new InputRejectedException(field, InputError.Required);
        }
    }
}
