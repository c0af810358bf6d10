using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EslKit.Benchmarks;

/// <summary>
/// The audio stream benchmarks' server: a real Kestrel on 127.0.0.1 with two routes, <c>/audio/{callId}</c> through
/// <c>MapAudioStream</c> and <c>/raw/{callId}</c>, the baseline, a bare <c>System.Net.WebSockets</c> loop
/// (see <see cref="AudioStreamFrameCounter"/>).
/// </summary>
internal sealed class AudioStreamLoopback : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AudioStreamLoopback(WebApplication app, int port, AudioStreamFrameCounter counter)
    {
        _app = app;
        Port = port;
        Counter = counter;
    }

    public int Port { get; }

    public AudioStreamFrameCounter Counter { get; }

    public static async Task<AudioStreamLoopback> StartAsync(Action<EslKit.AudioStream.AudioStreamOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddAudioStream(configure);
        var app = builder.Build();
        var counter = new AudioStreamFrameCounter();
        app.MapAudioStream("/audio/{callId}", counter.RunAsync);
        var raw = ((IEndpointRouteBuilder)app).CreateApplicationBuilder();
        raw.UseWebSockets();
        raw.Run(counter.RunRawAsync);
        app.Map("/raw/{callId}", raw.Build());
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new AudioStreamLoopback(app, new Uri(address).Port, counter);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Counter.Dispose();
    }
}
