using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EslKit.Controller.Tests.Support;

/// <summary>
/// The controller's real service registrations (<see cref="ControllerServiceCollectionExtensions.AddEslKitController"/>)
/// on a test database, with a <see cref="FakeTimeProvider"/> for time and every log line captured.
/// </summary>
internal sealed class ControllerServices : IDisposable
{
    /// <summary>The key the tests configure as current (key id "k1").</summary>
    public static readonly string KeyOne = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly ServiceProvider _provider;

    public ControllerServices(NpgsqlDataSource dataSource, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Secrets:Keys:k1"] = KeyOne,
            ["Secrets:CurrentKeyId"] = "k1",
            ["Routing:SharedGateway"] = "trunk",
            ["Routing:SharedCallerId"] = "010894904",
            ["Routing:SocketHost"] = "127.0.0.1",
            ["Routing:SocketPort"] = "8084",
            ["Dispatcher:InstanceId"] = "test-instance",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            // A null override removes the default.
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddEslKitController(configuration, dataSource);
        services.AddSingleton<TimeProvider>(Time);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Time as the services see it: 2026-03-02 02:00 UTC (10:00 in Kuala Lumpur) until moved.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));

    /// <summary>Every log entry the services wrote.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public void Dispose() => _provider.Dispose();
}
