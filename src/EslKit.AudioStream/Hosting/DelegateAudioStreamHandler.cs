using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EslKit.AudioStream.Hosting;

/// <summary>
/// The handler behind <c>MapAudioStream(pattern, (session, ct) => …)</c>: the call is the route value named by
/// <see cref="AudioStreamOptions.CallIdRouteValue"/>; a request without it is rejected as an unknown call.
/// </summary>
internal sealed class DelegateAudioStreamHandler : AudioStreamHandler<string>
{
    private readonly Func<AudioStreamSession, CancellationToken, Task> _run;
    private readonly string _routeValue;

    public DelegateAudioStreamHandler(Func<AudioStreamSession, CancellationToken, Task> run, string routeValue)
    {
        _run = run;
        _routeValue = routeValue;
    }

    public override ValueTask<AudioStreamAdmission<string>> AdmitAsync(HttpContext context, CancellationToken cancellationToken)
    {
        string? callId = context.GetRouteValue(_routeValue)?.ToString();
        return ValueTask.FromResult(string.IsNullOrEmpty(callId) ? RejectUnknownCall("no call id in the URL") : Accept(callId, callId));
    }

    public override Task RunAsync(AudioStreamSession<string> session, CancellationToken cancellationToken) => _run(session, cancellationToken);
}
