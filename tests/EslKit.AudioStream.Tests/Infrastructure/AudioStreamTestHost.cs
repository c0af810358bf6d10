using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EslKit.AudioStream.Tests.Infrastructure;

/// <summary>A real Kestrel server on 127.0.0.1 with an ephemeral port, its log lines collected.</summary>
internal sealed class AudioStreamTestHost : IAsyncDisposable
{
    private AudioStreamTestHost(WebApplication app, int port)
    {
        App = app;
        Port = port;
        Logs = app.Services.GetFakeLogCollector();
    }

    public WebApplication App { get; }

    public int Port { get; }

    public FakeLogCollector Logs { get; }

    public IServiceProvider Services => App.Services;

    public Uri WebSocketUri(string path) => new($"ws://127.0.0.1:{Port}{path}");

    public static async Task<AudioStreamTestHost> StartAsync(Action<WebApplication> map, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFakeLogging();
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new AudioStreamTestHost(app, new Uri(address).Port);
    }

    /// <summary>The log records with this event id (our category only).</summary>
    public IReadOnlyList<FakeLogRecord> LogsWithId(int eventId) =>
        Logs.GetSnapshot().Where(r => r.Category == Diagnostics.AudioStreamDiagnostics.Name && r.Id.Id == eventId).ToList();

    public Task WaitForLogAsync(int eventId) => Wait.UntilAsync(() => LogsWithId(eventId).Count > 0, $"log event {eventId}");

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
