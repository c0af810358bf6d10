using EslKit.Controller;
using EslKit.Controller.Speech;
using EslKit.Controller.Storage;
using EslKit.Controller.Tenants;

var builder = WebApplication.CreateBuilder(args);

// ESLKIT_Storage__ConnectionString and the like: every key also comes from the environment with the ESLKIT_ prefix.
builder.Configuration.AddEnvironmentVariables("ESLKIT_");

var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
// Logs of the embedded cluster and of Npgsql (the data source exists before the host), filtered like the host's.
using var bootLogging = LoggerFactory.Create(logging => logging
    .AddConfiguration(builder.Configuration.GetSection("Logging"))
    .AddFilter("Npgsql", LogLevel.Warning)
    .AddConsole());
await using var database = await ControllerDatabase.OpenAsync(storage, bootLogging, CancellationToken.None);
if (database.IsEmbedded && !builder.Configuration.GetSection($"{SecretProtectionOptions.Section}:Keys").GetChildren().Any())
{
    // Embedded defaults: a local key beside the local cluster, so SIP passwords are still encrypted at rest.
    string key = await LocalSecretKey.LoadOrCreateAsync(storage.DataDirectory, CancellationToken.None);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        [$"{SecretProtectionOptions.Section}:Keys:{LocalSecretKey.KeyId}"] = key,
        [$"{SecretProtectionOptions.Section}:CurrentKeyId"] = LocalSecretKey.KeyId,
    });
}

builder.Services.AddEslKitController(builder.Configuration, database.DataSource);
builder.Services.AddEslKitSpeech(builder.Configuration);
var app = builder.Build();
await app.RunAsync();

/// <summary>The controller's entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
