using EslKit.Controller.Audio;
using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Routing;
using EslKit.Controller.Storage;
using EslKit.Controller.Tenants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller;

/// <summary>Registers the controller's services: options (validated at start), the data source, and the application services.</summary>
internal static class ControllerServiceCollectionExtensions
{
    /// <summary>Adds everything the controller's core needs, on <paramref name="dataSource"/> (the app's one data source).</summary>
    public static IServiceCollection AddEslKitController(this IServiceCollection services, IConfiguration configuration, NpgsqlDataSource dataSource)
    {
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.Section))
            .Validate(o => IsName(o.SharedGateway), "Routing:SharedGateway must be a sofia gateway name (letters, digits, '_', '.', '-').")
            .Validate(o => IsName(o.SipProfile) && o.SipProfile != "gateway", "Routing:SipProfile must be a sofia profile name.")
            .Validate(o => o.SharedGatewayConcurrencyLimit is >= 1 and <= 10_000, "Routing:SharedGatewayConcurrencyLimit must be 1-10000.")
            .Validate(o => o.OriginateTimeoutSeconds is >= 1 and <= 600, "Routing:OriginateTimeoutSeconds must be 1-600.")
            .Validate(o => o.PrimaryLegTimeoutSeconds is >= 0 and <= 600, "Routing:PrimaryLegTimeoutSeconds must be 0-600 (0: none).")
            .Validate(o => o.SocketPort is >= 1 and <= 65535, "Routing:SocketPort must be 1-65535.")
            .Validate(o => IsCallerId(o.SharedCallerId), "Routing:SharedCallerId must be an optional '+' and 1-32 digits.")
            .Validate(o => IsSocketHost(o.SocketHost), "Routing:SocketHost must be an IPv4 address or DNS name without a port.")
            .ValidateOnStart();
        services.AddOptions<DispatcherOptions>().Bind(configuration.GetSection(DispatcherOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.InstanceId) && o.InstanceId.Length <= 200, "Dispatcher:InstanceId must be 1-200 characters.")
            .Validate(o => o.LeaseSeconds is >= 10 and <= 3600, "Dispatcher:LeaseSeconds must be 10-3600.")
            .Validate(o => o.ClaimBatchSize is >= 1 and <= 1000, "Dispatcher:ClaimBatchSize must be 1-1000.")
            .Validate(o => o.TenantsPerRound is >= 1 and <= 10_000, "Dispatcher:TenantsPerRound must be 1-10000.")
            .ValidateOnStart();
        services.AddOptions<SecretProtectionOptions>().Bind(configuration.GetSection(SecretProtectionOptions.Section))
            .Validate(o => o.Keys.Count > 0, "Secrets:Keys must hold at least one key (base64 of 32 random bytes) to encrypt SIP passwords at rest.")
            .ValidateOnStart();
        // Speech:Vad: the energy detector unless configured otherwise (docs/voice.md, "Silero VAD vs energy").
        services.AddVoiceActivityDetection(configuration);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(dataSource);
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<SystemSettingsService>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<PhoneConfigService>();
        services.AddSingleton<CallRouter>();
        services.AddSingleton<CampaignService>();
        services.AddSingleton<NumberImporter>();
        services.AddSingleton<DoNotCallService>();
        services.AddSingleton<ItemClaimer>();
        services.AddSingleton<OutcomeRecorder>();
        services.AddSingleton<CallPreparer>();
        services.AddSingleton<InstanceRegistry>();
        services.AddSingleton<CallLogStore>();
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }

    private static bool IsName(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static bool IsCallerId(string? value)
    {
        try
        {
            CallRouter.CheckCallerId(value ?? "", "callerId");
            return true;
        }
        catch (InputRejectedException)
        {
            return false;
        }
    }

    private static bool IsSocketHost(string? value)
    {
        try
        {
            EslApplication.Socket(value ?? "", 8084);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
