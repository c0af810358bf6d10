using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using EslKit.AudioStream.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace EslKit.AudioStream.Hosting;

/// <summary>
/// One <c>MapAudioStream</c> endpoint: upgrades each request, asks the handler to admit it, enforces one session
/// per call, waits for the metadata, runs the handler and closes with a defined code whatever happens. Nothing a
/// client or a handler does escapes as an exception into the server.
/// </summary>
internal sealed class AudioStreamEndpoint<TCall>
{
    private readonly AudioStreamHandler<TCall> _handler;
    private readonly AudioStreamEndpointContext _endpoint;
    private readonly AudioStreamOptions _options;

    public AudioStreamEndpoint(AudioStreamHandler<TCall> handler, AudioStreamEndpointContext endpoint)
    {
        _handler = handler;
        _endpoint = endpoint;
        _options = endpoint.Options;
    }

    public async Task HandleAsync(HttpContext http)
    {
        string path = http.Request.Path.Value ?? string.Empty;
        if (!http.WebSockets.IsWebSocketRequest)
        {
            AudioStreamLog.NotWebSocket(_endpoint.Logger, path, Peer(http));
            _endpoint.Metrics.RecordRefused("not_websocket");
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (!_endpoint.Registry.TryReserve())
        {
            AudioStreamLog.Busy(_endpoint.Logger, path, Peer(http), _options.MaxSessions);
            _endpoint.Metrics.RecordRefused("busy");
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        try
        {
            await RunAsync(http, path).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Every expected failure is handled below; this keeps a bug of ours from reaching Kestrel.
            AudioStreamLog.HandlerFailed(_endpoint.Logger, "?", path, exception);
        }
        finally
        {
            _endpoint.Registry.Release();
        }
    }

    private async Task RunAsync(HttpContext http, string path)
    {
        WebSocket socket;
        try
        {
            socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = _options.KeepAliveInterval,
                KeepAliveTimeout = _options.KeepAliveTimeout,
                DangerousEnableCompression = false,
            }).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            AudioStreamLog.HandshakeFailed(_endpoint.Logger, path, Peer(http), exception);
            return;
        }

        using (socket)
        {
            long started = _endpoint.TimeProvider.GetTimestamp();
            AudioStreamAdmission<TCall> admission;
            try
            {
                admission = await _handler.AdmitAsync(http, http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                if (http.RequestAborted.IsCancellationRequested)
                {
                    _endpoint.Metrics.RecordClose(AudioStreamCloseReason.ConnectionLost, _endpoint.TimeProvider.GetElapsedTime(started));
                    return;
                }

                AudioStreamLog.HandlerFailed(_endpoint.Logger, "?", path, exception);
                await RejectAsync(socket, AudioStreamCloseStatus.HandlerFailed, "internal error").ConfigureAwait(false);
                _endpoint.Metrics.RecordClose(AudioStreamCloseReason.HandlerFailed, _endpoint.TimeProvider.GetElapsedTime(started));
                return;
            }

            if (!admission.IsAccepted)
            {
                AudioStreamLog.AdmissionRejected(_endpoint.Logger, path, Peer(http), admission.Reason ?? string.Empty, (int)admission.CloseStatus);
                await RejectAsync(socket, admission.CloseStatus, admission.Reason ?? string.Empty).ConfigureAwait(false);
                _endpoint.Metrics.RecordClose(AudioStreamCloseReason.AdmissionRejected, _endpoint.TimeProvider.GetElapsedTime(started));
                return;
            }

            var session = new AudioStreamSession<TCall>(socket, http, admission.CallId!, admission.Call!, admission.Format ?? _options.Format, _endpoint);
            await RunSessionAsync(session, http, path).ConfigureAwait(false);
        }
    }

    /// <summary>Closes a connection that never became a session: close frame, the client's answer (data ignored), bounded.</summary>
    private async Task RejectAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        using var timeout = new CancellationTokenSource(_options.CloseTimeout, _endpoint.TimeProvider);
        try
        {
            await socket.CloseAsync(status, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The client vanished or did not answer in time: nothing more is owed to it.
            socket.Abort();
        }
    }

    private async Task RunSessionAsync(AudioStreamSession<TCall> session, HttpContext http, string path)
    {
        string peer = Peer(http);
        using var activity = AudioStreamDiagnostics.ActivitySource.StartActivity("audiostream.session", ActivityKind.Server);
        activity?.SetTag("eslkit.call_id", session.CallId);
        activity?.SetTag("url.path", path);
        _endpoint.Metrics.Sessions.Add(1);
        _endpoint.Metrics.ActiveSessions.Add(1);
        AudioStreamLog.SessionStarted(_endpoint.Logger, session.CallId, path, peer, session.Format);

        var displaced = _endpoint.Registry.Register(session, _options.DuplicatePolicy == AudioStreamDuplicatePolicy.ReplaceExisting, out bool refused);
        session.Start();
        using var stopping = _endpoint.Lifetime?.ApplicationStopping.Register(
            static state =>
            {
                var (endpoint, stoppingSession) = ((AudioStreamEndpointContext, AudioStreamSession))state!;
                AudioStreamLog.ServerStopping(endpoint.Logger, stoppingSession.CallId);
                stoppingSession.CloseFor(AudioStreamCloseReason.ServerStopping, AudioStreamCloseStatus.ServerStopping, "server stopping");
            },
            (_endpoint, (AudioStreamSession)session));
        try
        {
            if (refused)
            {
                AudioStreamLog.DuplicateRefused(_endpoint.Logger, session.CallId, peer);
                session.CloseFor(AudioStreamCloseReason.DuplicateRefused, AudioStreamCloseStatus.DuplicateRefused, "the call already has an audio stream");
            }
            else
            {
                if (displaced is not null)
                {
                    await ReplaceAsync(displaced, session.CallId, peer).ConfigureAwait(false);
                }

                if (await AcceptMetadataAsync(session, path).ConfigureAwait(false))
                {
                    await RunHandlerAsync(session, path, activity).ConfigureAwait(false);
                }
            }

            await session.ConnectionClosed.ConfigureAwait(false);
        }
        finally
        {
            if (!session.ConnectionClosed.IsCompleted)
            {
                // Only a fault of ours gets here with the loops running: stop them before releasing their buffers.
                session.Abort();
                await session.ConnectionClosed.ConfigureAwait(false);
            }

            _endpoint.Registry.Unregister(session);
            session.Finish();
            var reason = session.CloseReason ?? AudioStreamCloseReason.ConnectionLost;
            var duration = _endpoint.TimeProvider.GetElapsedTime(session.StartedAt);
            _endpoint.Metrics.ActiveSessions.Add(-1);
            _endpoint.Metrics.RecordClose(reason, duration);
            AudioStreamLog.SessionEnded(_endpoint.Logger, session.CallId, reason, (int)(session.CloseStatus ?? (WebSocketCloseStatus)1006), duration.TotalSeconds, session.FramesReceived, session.FramesDropped);
            if (activity is not null)
            {
                activity.SetTag("eslkit.audiostream.close_reason", AudioStreamMetrics.ReasonTag(reason));
                activity.SetTag("eslkit.audiostream.frames", session.FramesReceived.ToString(CultureInfo.InvariantCulture));
                activity.SetTag("eslkit.audiostream.frames_dropped", session.FramesDropped.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Closes the older session of the call and waits (bounded) for its handler, so one runs at a time.</summary>
    private async Task ReplaceAsync(AudioStreamSession displaced, string callId, string peer)
    {
        AudioStreamLog.Replaced(_endpoint.Logger, callId, peer);
        displaced.CloseFor(AudioStreamCloseReason.Replaced, AudioStreamCloseStatus.Replaced, "replaced by a newer connection");
        try
        {
            await displaced.Completion.WaitAsync(_options.CloseTimeout + _options.SendTimeout, _endpoint.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            AudioStreamLog.ReplacedHandlerSlow(_endpoint.Logger, callId, (_options.CloseTimeout + _options.SendTimeout).TotalMilliseconds);
        }
    }

    /// <returns>Whether the handler may run.</returns>
    private async Task<bool> AcceptMetadataAsync(AudioStreamSession<TCall> session, string path)
    {
        if (!_options.RequireMetadata)
        {
            return true;
        }

        AudioStreamMetadata? metadata;
        try
        {
            metadata = await session.WaitForMetadataAsync().WaitAsync(_options.MetadataTimeout, _endpoint.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            AudioStreamLog.MetadataTimeout(_endpoint.Logger, session.CallId, _options.MetadataTimeout.TotalMilliseconds, session.FramesReceived);
            session.CloseFor(AudioStreamCloseReason.MetadataTimeout, AudioStreamCloseStatus.MetadataTimeout, "no metadata");
            return false;
        }

        if (metadata is null)
        {
            return false; // the stream ended before it had metadata
        }

        // A stream may be over already (a short one, or the client closed at once): the handler still gets its
        // metadata and the frames queued before the close, with its token cancelled.

        AudioStreamDecision decision;
        try
        {
            decision = await _handler.AcceptMetadataAsync(session, metadata, session.ClosedToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (session.ClosedToken.IsCancellationRequested)
        {
            return false; // the check stopped because the stream ended: without a verdict the handler does not run
        }
        catch (Exception exception)
        {
            AudioStreamLog.HandlerFailed(_endpoint.Logger, session.CallId, path, exception);
            session.CloseFor(AudioStreamCloseReason.HandlerFailed, AudioStreamCloseStatus.HandlerFailed, "internal error");
            return false;
        }

        if (decision.IsRejected)
        {
            AudioStreamLog.MetadataRejected(_endpoint.Logger, session.CallId, metadata.Text.Length, decision.Reason ?? string.Empty, (int)decision.CloseStatus);
            session.CloseFor(AudioStreamCloseReason.MetadataRejected, decision.CloseStatus, decision.Reason ?? string.Empty);
            return false;
        }

        return true;
    }

    private async Task RunHandlerAsync(AudioStreamSession<TCall> session, string path, Activity? activity)
    {
        try
        {
            await _handler.RunAsync(session, session.ClosedToken).ConfigureAwait(false);
            session.CloseFor(AudioStreamCloseReason.Application, AudioStreamCloseStatus.Normal, string.Empty, afterQueuedSends: true);
        }
        catch (OperationCanceledException) when (session.ClosedToken.IsCancellationRequested)
        {
            // The stream ended and the handler stopped on its token: the close is under way.
        }
        catch (Exception exception)
        {
            AudioStreamLog.HandlerFailed(_endpoint.Logger, session.CallId, path, exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            session.CloseFor(AudioStreamCloseReason.HandlerFailed, AudioStreamCloseStatus.HandlerFailed, "internal error");
        }
    }

    private static string Peer(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address
            ? string.Create(CultureInfo.InvariantCulture, $"{address}:{http.Connection.RemotePort}")
            : "?";
}
