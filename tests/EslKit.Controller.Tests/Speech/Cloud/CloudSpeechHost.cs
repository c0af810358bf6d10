using EslKit.Controller.Speech;
using EslKit.Controller.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Tests.Speech.Cloud;

/// <summary>The speech providers as the controller registers them (AddEslKitSpeech from configuration), with captured logs.</summary>
public sealed class CloudSpeechHost : IAsyncDisposable
{
    public const string Key = "sk-test-0123456789abcdef-SECRET";

    private readonly ServiceProvider _services;

    public CloudSpeechHost(IDictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddEslKitSpeech(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }

    public CapturingLoggerProvider Logs { get; } = new();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Settings for one cloud section: the key, fast retries and short timeouts for tests, plus the section's own.</summary>
    public static Dictionary<string, string?> Settings(string section, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{section}:ApiKey"] = Key,
            [$"{section}:RetryDelay"] = "00:00:00.050",
            [$"{section}:RequestTimeout"] = "00:00:20",
            [$"{section}:StreamIdleTimeout"] = "00:00:20",
        };
        foreach ((string key, string value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Asserts that nothing logged and no exception text holds the key.</summary>
    public void AssertKeyNeverLogged(Exception? failure = null)
    {
        Assert.NotEmpty(Logs.Entries);
        Assert.DoesNotContain(Logs.Entries, e => e.Contains(Key, StringComparison.Ordinal) || e.Contains("SECRET", StringComparison.Ordinal));
        if (failure is not null)
        {
            Assert.DoesNotContain("SECRET", failure.ToString(), StringComparison.Ordinal);
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
