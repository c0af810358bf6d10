using System.Net.WebSockets;
using EslKit.AudioStream.Hosting;
using Microsoft.AspNetCore.Http;

namespace EslKit.AudioStream;

/// <summary>An audio stream session with the application's call attached (what admission returned).</summary>
/// <typeparam name="TCall">The application's call type.</typeparam>
public sealed class AudioStreamSession<TCall> : AudioStreamSession
{
    internal AudioStreamSession(WebSocket socket, HttpContext httpContext, string callId, TCall call, AudioStreamFormat format, AudioStreamEndpointContext endpoint)
        : base(socket, httpContext, callId, format, endpoint)
    {
        Call = call;
    }

    /// <summary>The application's call, from <see cref="AudioStreamHandler{TCall}.AdmitAsync"/>.</summary>
    public TCall Call { get; }
}
