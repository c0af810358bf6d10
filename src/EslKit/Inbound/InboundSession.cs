using System.Diagnostics;
using System.Text;
using EslKit.Connections;
using EslKit.Diagnostics;
using EslKit.Protocol;

namespace EslKit;

/// <summary>One authenticated (or authenticating) connection of an <see cref="EslClient"/>.</summary>
internal sealed class InboundSession : IEslFrameHandler
{
    private readonly EslClient _client;
    private long _lastHeartbeat = Stopwatch.GetTimestamp();

    public InboundSession(EslClient client) => _client = client;

    public EslConnection Connection { get; set; } = null!;

    /// <summary>Completes with null on auth/request, or with the rejection text on text/rude-rejection.</summary>
    public TaskCompletionSource<string?> Greeting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When the last HEARTBEAT (or any other frame) arrived, or the session started.</summary>
    public long LastHeartbeat => Volatile.Read(ref _lastHeartbeat);

    public void OnFrame(in EslFrame frame)
    {
        // Any frame proves FreeSWITCH alive; HEARTBEAT guarantees one arrives even when nothing happens.
        Volatile.Write(ref _lastHeartbeat, Stopwatch.GetTimestamp());
        switch (frame.ContentType)
        {
            case EslContentType.AuthRequest:
                Greeting.TrySetResult(null);
                break;
            case EslContentType.RudeRejection:
                Greeting.TrySetResult(Encoding.UTF8.GetString(frame.Body));
                break;
            case EslContentType.EventPlain or EslContentType.EventJson or EslContentType.EventXml:
                frame.TryGetEvent(out var view);
                _client.OnEvent(ref view);
                break;
            case EslContentType.LogData:
                _client.OnLog(frame);
                break;
            case EslContentType.DisconnectNotice:
                EslLog.DisconnectNotice(_client.Logger, Connection.Endpoint, frame.DisconnectDisposition.ToString());
                break;
            default:
                EslLog.IgnoredFrame(_client.Logger, Encoding.UTF8.GetString(frame.RawContentType), Connection.Endpoint);
                break;
        }
    }
}
