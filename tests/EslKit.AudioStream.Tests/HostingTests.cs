using System.Collections.Concurrent;
using EslKit.AudioStream.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EslKit.AudioStream.Tests;

/// <summary>The three ways to map an endpoint: a handler instance, a handler type from DI, a delegate.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task A_handler_type_is_created_once_with_its_dependencies_from_the_container()
    {
        var calls = new CallBook();
        calls.Known["c-1"] = "tenant 7";
        await using var host = await AudioStreamTestHost.StartAsync(
            app => app.MapAudioStream<InjectedHandler, string>("/audio/{callId}"),
            services => services.AddSingleton(calls));

        using var unknown = await TestClients.ConnectAsync(host, "/audio/c-2");
        var refused = await unknown.ReadUntilCloseAsync();
        using var known = await TestClients.ConnectAsync(host, "/audio/c-1");
        await known.SendTextAsync("{}");
        var (_, _, texts) = await known.ReadUntilCloseAsync();

        Assert.Equal(AudioStreamCloseStatus.UnknownCall, refused.Status);
        Assert.Equal(["hello tenant 7"], texts);
        Assert.Equal(1, calls.HandlersCreated);
    }

    [Fact]
    public async Task The_delegate_form_takes_the_call_from_the_route_and_refuses_a_route_without_one()
    {
        var seen = new ConcurrentQueue<string>();
        await using var host = await AudioStreamTestHost.StartAsync(app =>
        {
            app.MapAudioStream("/audio/{callId}", (session, _) =>
            {
                seen.Enqueue(session.CallId);
                return Task.CompletedTask;
            });
            app.MapAudioStream("/nocall", (_, _) => Task.CompletedTask);
            app.MapAudioStream("/other/{leg}", (session, _) =>
            {
                seen.Enqueue("leg " + session.CallId);
                return Task.CompletedTask;
            }, o => o.CallIdRouteValue = "leg");
        });

        using var a = await TestClients.ConnectAsync(host, "/audio/abc");
        await a.SendTextAsync("{}");
        await a.ReadUntilCloseAsync();
        using var b = await TestClients.ConnectAsync(host, "/nocall");
        var (status, description, _) = await b.ReadUntilCloseAsync();
        using var c = await TestClients.ConnectAsync(host, "/other/b-leg");
        await c.SendTextAsync("{}");
        await c.ReadUntilCloseAsync();

        Assert.Equal(["abc", "leg b-leg"], seen);
        Assert.Equal((AudioStreamCloseStatus.UnknownCall, "no call id in the URL"), (status, description));
    }

    internal sealed class CallBook
    {
        public ConcurrentDictionary<string, string> Known { get; } = new();

        public int HandlersCreated;
    }

    internal sealed class InjectedHandler : AudioStreamHandler<string>
    {
        private readonly CallBook _calls;

        public InjectedHandler(CallBook calls)
        {
            _calls = calls;
            Interlocked.Increment(ref calls.HandlersCreated);
        }

        public override ValueTask<AudioStreamAdmission<string>> AdmitAsync(HttpContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(context.GetRouteValue("callId") is string id && _calls.Known.TryGetValue(id, out var tenant)
                ? Accept(id, tenant)
                : RejectUnknownCall());

        public override async Task RunAsync(AudioStreamSession<string> session, CancellationToken cancellationToken) =>
            await session.SendTextAsync("hello " + session.Call, cancellationToken);
    }
}
