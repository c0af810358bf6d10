using System.Security.Cryptography;
using EslKit.Controller.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EslKit.Controller.Tests.Api.Support;

/// <summary>
/// The controller exactly as Program.cs composes it, on a test database, with every log entry captured. Settings go
/// in as host configuration, so Program sees them before <c>Build()</c> (it opens the database there). Program's own
/// data source is disposed when WebApplicationFactory stops its entry point after <c>Build()</c>, so the app's data
/// source is replaced by the test database's (same connection string).
/// </summary>
internal sealed class ApiFactory(TestDatabase database, IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>The admin key configured for this app.</summary>
    public string AdminKey { get; } = "esk_admin_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Every log entry the app wrote, at every level.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The app's service.</summary>
    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A client sending <paramref name="key"/> in X-Api-Key (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = database.ConnectionString,
            ["Secrets:Keys:k1"] = ControllerServices.KeyOne,
            ["Secrets:CurrentKeyId"] = "k1",
            ["Routing:SharedGateway"] = "trunk",
            ["Routing:SharedCallerId"] = "010894904",
            ["Dispatcher:InstanceId"] = "api-test",
            ["Api:AdminKey"] = AdminKey,

            // The controller's outbound socket server runs too (Program wires it): on a free port, never on 8084.
            ["Outbound:Port"] = "0",

            // Table-driven tests send hundreds of requests from one address; RateLimitTests sets its own limits.
            ["Api:RateLimit:TokenLimit"] = "1000000",
            ["Api:RateLimit:TokensPerPeriod"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(values));
        builder.UseEnvironment(Environments.Production);
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateOnBuild = true;
            options.ValidateScopes = true;
        });
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
        builder.ConfigureServices(services => services.AddSingleton<NpgsqlDataSource>(database.DataSource));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(Environments.Production);
    }
}
