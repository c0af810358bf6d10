using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Tests.Speech.Cloud;

/// <summary>A Kestrel server on 127.0.0.1 playing a cloud service: each test gives the handler that answers as the service's documentation says.</summary>
public sealed class LocalHttpService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LocalHttpService(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The server's base address (http://127.0.0.1:port/).</summary>
    public Uri Address { get; }

    /// <summary>How many requests reached the server.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<LocalHttpService> StartAsync(Func<HttpContext, int, Task> handler)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        LocalHttpService? service = null;
        app.Run(context => handler(context, Interlocked.Increment(ref service!._requests)));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        service = new LocalHttpService(app, new Uri(address.TrimEnd('/') + "/"));
        return service;
    }

    /// <summary>A copy of a request's headers (Kestrel reuses its collection once the request ends).</summary>
    public static IHeaderDictionary Snapshot(IHeaderDictionary headers) =>
        new HeaderDictionary(headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
