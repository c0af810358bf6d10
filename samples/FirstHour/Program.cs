// EslKit's first hour in one program, against the switch emulator (see README.md): connect, api, events, a
// pro originate with SIP credentials and &socket, and a hosted outbound handler that runs the call.
using EslKit;
using EslKit.Commands; // EslApi: uuid_audio_stream and the other api argument builders
using EslKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A FreeSWITCH stand-in on a free loopback port. The carrier checks the tenant's SIP account, so the call is
// answered only if the hostile password arrives exactly as given.
await using var fs = await EslSwitchEmulator.StartAsync();
const string SipUser = "601548732123", SipPassword = "p,a}s{s'w\"o rd=^^x";
fs.Calls.AddHost("sip.carrier.example:5060").AddAccount(SipUser, SipPassword);
fs.Calls.SetOutcome("60123456789", EslCallOutcome.NeverHangUp());
// The emulator has no mod_audio_stream: answer uuid_audio_stream as FreeSWITCH does, and note that it ran.
var audioStream = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
fs.OnApi("uuid_audio_stream", (request, _) =>
{
    audioStream.TrySetResult(request.Arguments ?? "");
    return ValueTask.FromResult("+OK Success\n");
});

// The outbound server, hosted: EslKit:Outbound in appsettings.json (port 0: any free one), found beside the program.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddEslOutboundServer<CallHandler>(builder.Configuration.GetSection("EslKit:Outbound"));
using var host = builder.Build();
await host.StartAsync();
int socketPort = host.Services.GetRequiredService<EslOutboundServer>().LocalEndPoint.Port;

// The inbound client: one call to connect, a command, and the events we want.
await using var client = await EslClient.ConnectAsync("127.0.0.1", fs.Port, fs.Password);
var status = await client.ApiAsync("status");
Console.WriteLine($"status: {status.Body.Split('\n')[0]}");
await using var events = await client.SubscribeAsync(
    EslEventSelector.ForNames(EslEventName.ChannelAnswer, EslEventName.ChannelHangupComplete));

// A pro tenant's call: its own SIP account, the channel's UUID chosen before dialling, &socket back to us.
var callId = Guid.NewGuid();
var originate = EslOriginate.CreateBuilder()
    .SipCredentials(SipUser, SipPassword)
    .Leg(EslEndpoint.Sofia("external", "60123456789", "sip.carrier.example:5060"), callId)
    .Variable("campaign_id", "c-42")
    .Application(EslApplication.Socket("127.0.0.1", socketPort))
    .Build();
Console.WriteLine($"sending: {originate}"); // sip_auth_password=*** in every rendering
var job = await client.OriginateAsync(originate);
Console.WriteLine($"originate: {job.Body.Trim()}");

// The handler answers, sets a variable and starts the audio stream; then we hang the call up by its UUID.
Console.WriteLine($"audio stream: uuid_audio_stream {await audioStream.Task}");
await client.HangupAsync(callId, EslHangupCause.NormalClearing);

await foreach (var e in events.ReadAllAsync())
{
    Console.WriteLine($"event: {e.RawName} {e.UniqueId} {e["Hangup-Cause"]}");
    if (e.Name == EslEventName.ChannelHangupComplete && e.UniqueId == callId)
    {
        break;
    }
}

await host.StopAsync(); // waits for the handler to finish

/// <summary>Runs each call FreeSWITCH hands to the outbound server (one instance per call).</summary>
internal sealed class CallHandler : IEslOutboundHandler
{
    public async Task HandleAsync(EslOutboundSession session, CancellationToken cancellationToken)
    {
        Console.WriteLine($"handler: call {session.UniqueId} to {session.Channel.DestinationNumber}, campaign {session.Channel.GetVariable("campaign_id")}");
        await session.AnswerAsync(cancellationToken);
        await session.SetVariableAsync("greeting", "played", cancellationToken);
        Console.WriteLine($"handler: answered, greeting={await session.GetVariableAsync("greeting", cancellationToken)}");

        var stream = EslApi.AudioStreamStart(session.UniqueId, "ws://127.0.0.1:8090/stream", metadata: $"{{\"callId\":\"{session.UniqueId}\"}}");
        var started = await session.ApiAsync(stream, cancellationToken);
        Console.WriteLine($"handler: audio stream {started.Body.Trim()}");

        var hangup = await session.WaitForHangupAsync(cancellationToken); // cannot miss it, even if it came already
        Console.WriteLine($"handler: hangup {hangup.Cause}, billsec {hangup.HangupComplete?["variable_billsec"]}");
    }
}
