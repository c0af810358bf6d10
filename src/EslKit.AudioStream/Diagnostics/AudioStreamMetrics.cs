using System.Diagnostics.Metrics;

namespace EslKit.AudioStream.Diagnostics;

/// <summary>
/// The instruments of Meter <c>EslKit.AudioStream</c>. Frame and byte counts are added in batches per session
/// (every <see cref="FrameBatch"/> frames and at the end), so the per-frame path costs nothing here.
/// </summary>
internal sealed class AudioStreamMetrics : IDisposable
{
    /// <summary>Frames a session counts before adding them to the counters.</summary>
    public const int FrameBatch = 50;

    private readonly Meter? _ownedMeter;

    public AudioStreamMetrics(IMeterFactory? meterFactory)
    {
        Meter meter;
        if (meterFactory is not null)
        {
            meter = meterFactory.Create(new MeterOptions(AudioStreamDiagnostics.Name) { Version = AudioStreamDiagnostics.MeterVersion });
        }
        else
        {
            meter = _ownedMeter = new Meter(AudioStreamDiagnostics.Name, AudioStreamDiagnostics.MeterVersion);
        }

        Meter = meter;
        ActiveSessions = meter.CreateUpDownCounter<long>("eslkit.audiostream.sessions.active", "{session}", "Audio stream sessions in progress.");
        Sessions = meter.CreateCounter<long>("eslkit.audiostream.sessions", "{session}", "Audio stream connections admitted.");
        Refused = meter.CreateCounter<long>("eslkit.audiostream.connections.refused", "{connection}", "Requests refused before the WebSocket upgrade, by reason (not_websocket, busy).");
        FramesReceived = meter.CreateCounter<long>("eslkit.audiostream.frames.received", "{frame}", "Audio frames received.");
        BytesReceived = meter.CreateCounter<long>("eslkit.audiostream.bytes.received", "By", "Audio bytes received.");
        FramesDropped = meter.CreateCounter<long>("eslkit.audiostream.frames.dropped", "{frame}", "Audio frames dropped because a handler's frame queue was full.");
        MessagesSent = meter.CreateCounter<long>("eslkit.audiostream.messages.sent", "{message}", "Messages sent to mod_audio_stream, by type (stream_audio, text).");
        BytesSent = meter.CreateCounter<long>("eslkit.audiostream.bytes.sent", "By", "Message bytes sent to mod_audio_stream.");
        SendsRefused = meter.CreateCounter<long>("eslkit.audiostream.sends.refused", "{message}", "Sends refused because the send queue was full.");
        Closes = meter.CreateCounter<long>("eslkit.audiostream.closes", "{session}", "Sessions ended, by reason (application, client_closed, admission_rejected, …).");
        Duration = meter.CreateHistogram<double>("eslkit.audiostream.session.duration", "s", "How long sessions lasted, by close reason.");
    }

    public Meter Meter { get; }

    public UpDownCounter<long> ActiveSessions { get; }

    public Counter<long> Sessions { get; }

    public Counter<long> Refused { get; }

    public Counter<long> FramesReceived { get; }

    public Counter<long> BytesReceived { get; }

    public Counter<long> FramesDropped { get; }

    public Counter<long> MessagesSent { get; }

    public Counter<long> BytesSent { get; }

    public Counter<long> SendsRefused { get; }

    public Counter<long> Closes { get; }

    public Histogram<double> Duration { get; }

    public void RecordClose(AudioStreamCloseReason reason, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("reason", ReasonTag(reason));
        Closes.Add(1, tag);
        if (Duration.Enabled)
        {
            Duration.Record(duration.TotalSeconds, tag);
        }
    }

    public void RecordRefused(string reason) => Refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RecordSent(bool streamAudio, int bytes)
    {
        MessagesSent.Add(1, new KeyValuePair<string, object?>("type", streamAudio ? "stream_audio" : "text"));
        BytesSent.Add(bytes);
    }

    /// <summary>The snake-case tag of a close reason (<c>client_closed</c>).</summary>
    public static string ReasonTag(AudioStreamCloseReason reason) => reason switch
    {
        AudioStreamCloseReason.Application => "application",
        AudioStreamCloseReason.ClientClosed => "client_closed",
        AudioStreamCloseReason.AdmissionRejected => "admission_rejected",
        AudioStreamCloseReason.MetadataRejected => "metadata_rejected",
        AudioStreamCloseReason.MetadataTimeout => "metadata_timeout",
        AudioStreamCloseReason.InvalidFrame => "invalid_frame",
        AudioStreamCloseReason.MessageTooBig => "message_too_big",
        AudioStreamCloseReason.ProtocolError => "protocol_error",
        AudioStreamCloseReason.SendTimeout => "send_timeout",
        AudioStreamCloseReason.KeepAliveTimeout => "keep_alive_timeout",
        AudioStreamCloseReason.ConnectionLost => "connection_lost",
        AudioStreamCloseReason.Replaced => "replaced",
        AudioStreamCloseReason.DuplicateRefused => "duplicate_refused",
        AudioStreamCloseReason.ServerStopping => "server_stopping",
        AudioStreamCloseReason.HandlerFailed => "handler_failed",
        _ => "unknown",
    };

    public void Dispose() => _ownedMeter?.Dispose();
}
