using EslKit.Controller;
using EslKit.Controller.Api;
using EslKit.Controller.Calls;
using EslKit.Controller.Calls.Voice;
using EslKit.Controller.WebConsole;
using EslKit.Controller.Demo;
using EslKit.Controller.Speech;
using EslKit.Controller.Storage;
using EslKit.Controller.Tenants;

// ./run.sh: --demo runs the demo campaign on the embedded defaults, --serve keeps the controller running after it.
var demo = DemoOptions.Parse(args, out string[] hostArgs);
var builder = WebApplication.CreateBuilder(hostArgs);

// ESLKIT_Storage__ConnectionString and the like: every key also comes from the environment with the ESLKIT_ prefix.
builder.Configuration.AddEnvironmentVariables("ESLKIT_");
demo?.ApplyTo(builder);

var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
if (demo is not null && string.IsNullOrWhiteSpace(storage.ConnectionString))
{
    storage.DatabaseName = DemoOptions.DatabaseName; // the demo's own database in the embedded cluster
}

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

// With no FreeSWITCH configured the demo's switch is the EslKit.Testing emulator (a node added to the configuration).
await using var demoSwitch = demo is null ? null : await DemoSwitch.StartIfNoNodesAsync(builder.Configuration, CancellationToken.None);

builder.Services.AddEslKitController(builder.Configuration, database.DataSource);
builder.Services.AddEslKitSpeech(builder.Configuration);
builder.Services.AddControllerVoice(builder.Configuration);
builder.Services.AddControllerCalls(builder.Configuration);

// The HTTP API (docs/controller.md): on 127.0.0.1:5080 unless configured (the demo without --serve: a free loopback
// port); embedded defaults generate the admin key beside the cluster.
await builder.AddControllerApiAsync(database.IsEmbedded ? storage.DataDirectory : null, CancellationToken.None);

// The web console (docs/console.md) under /, beside the API, on the same services.
builder.Services.AddControllerConsole(builder.Configuration, database.IsEmbedded ? storage.DataDirectory : null);
if (demo is not null)
{
    builder.Services.AddControllerDemo(demo, demoSwitch, resetDatabase: database.IsEmbedded);

    // --serve: the API's URL and admin key are printed after the demo's display, not over it; then the console's URL.
    builder.Services.AddApiServeAnnouncement();
    builder.Services.AddConsoleServeAnnouncement();
}

var app = builder.Build();
app.MapControllerApi();
app.MapControllerVoice(); // mod_audio_stream's WebSocket: /audio/{callId}
app.MapControllerConsole();
await app.RunAsync();
return Environment.ExitCode;

/// <summary>The controller's entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
