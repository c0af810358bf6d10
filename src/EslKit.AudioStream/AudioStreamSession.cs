using System.Net.WebSockets;
using System.Threading.Channels;
using EslKit.AudioStream.Buffers;
using EslKit.AudioStream.Diagnostics;
using EslKit.AudioStream.Hosting;
using EslKit.AudioStream.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EslKit.AudioStream;

/// <summary>
/// One mod_audio_stream connection: the call it belongs to, its metadata, its audio frames in (pooled, bounded,
/// in order), <c>streamAudio</c> and text out (queued, bounded, in order), and how it ended. Created by the
/// endpoint for each admitted connection and handed to <see cref="AudioStreamHandler{TCall}.RunAsync"/>.
/// </summary>
/// <remarks>
/// Thread safety: frames are read by one reader; sends and <see cref="CloseAsync"/> may be called from any
/// thread, concurrently.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The endpoint owns a session's lifetime: Finish releases what needs releasing; ClosedToken stays readable afterwards.")]
public abstract partial class AudioStreamSession
{
    private readonly WebSocket _socket;
    private readonly AudioStreamEndpointContext _endpoint;
    private readonly AudioStreamOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly AudioFramePool _pool;
    private readonly Channel<AudioFrame> _frames;
    private readonly Channel<string> _texts;
    private readonly Channel<PendingSend> _sendQueue;
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource<AudioStreamMetadata?> _metadataArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _startedAt;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _writerLoop = Task.CompletedTask;
    private Task _connectionClosed = Task.CompletedTask;
    private AudioStreamMetadata? _metadata;

    private protected AudioStreamSession(WebSocket socket, HttpContext httpContext, string callId, AudioStreamFormat format, AudioStreamEndpointContext endpoint)
    {
        _socket = socket;
        _endpoint = endpoint;
        _options = endpoint.Options;
        _logger = endpoint.Logger;
        _time = endpoint.TimeProvider;
        HttpContext = httpContext;
        CallId = callId;
        Format = format;
        _startedAt = _time.GetTimestamp();

        // Free frames: the queue's worth, the one being received and one in the reader's hands.
        _pool = new AudioFramePool(_options.FrameQueueCapacity + 2, format.BytesPer20Milliseconds);
        _frames = Channel.CreateBounded<AudioFrame>(
            new BoundedChannelOptions(_options.FrameQueueCapacity)
            {
                FullMode = _options.FrameQueueFullMode switch
                {
                    AudioFrameQueueFullMode.DropIncoming => BoundedChannelFullMode.DropWrite,
                    AudioFrameQueueFullMode.Wait => BoundedChannelFullMode.Wait,
                    _ => BoundedChannelFullMode.DropOldest,
                },
                SingleWriter = true,
                SingleReader = false,
                AllowSynchronousContinuations = _options.DeliverFramesInline,
            },
            OnFrameDropped);
        _texts = Channel.CreateBounded<string>(
            new BoundedChannelOptions(_options.TextQueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
            OnTextDropped);
        _sendQueue = Channel.CreateBounded<PendingSend>(
            new BoundedChannelOptions(_options.SendQueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _sendTimeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
    }

    /// <summary>The call's id, as admission gave it.</summary>
    public string CallId { get; }

    /// <summary>The audio format frames are checked against.</summary>
    public AudioStreamFormat Format { get; }

    /// <summary>The upgrade request (route values, headers, connection); valid for the session's lifetime.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>
    /// The metadata text frame. Set before <see cref="AudioStreamHandler{TCall}.RunAsync"/> runs when
    /// <see cref="AudioStreamOptions.RequireMetadata"/> is on (the default); otherwise null until it arrives
    /// (<see cref="WaitForMetadataAsync"/>).
    /// </summary>
    public AudioStreamMetadata? Metadata => Volatile.Read(ref _metadata);

    /// <summary>
    /// The audio, in arrival order. Read it from one place; <see cref="AudioFrame.Dispose">dispose</see> every
    /// frame. It completes when the stream ends; frames already queued can still be read after
    /// <see cref="ClosedToken"/> fires, so read without that token to get the last of them
    /// (<c>await foreach (var frame in session.Frames.ReadAllAsync())</c>).
    /// </summary>
    public ChannelReader<AudioFrame> Frames => _frames.Reader;

    /// <summary>
    /// Text messages after the metadata (<c>uuid_audio_stream … send_text</c>, and the text of
    /// <c>uuid_audio_stream … stop &lt;text&gt;</c> just before the close); bounded by
    /// <see cref="AudioStreamOptions.TextQueueCapacity"/>, the oldest dropped when full.
    /// </summary>
    public ChannelReader<string> TextMessages => _texts.Reader;

    /// <summary>Binary frames received so far (dropped ones included).</summary>
    public long FramesReceived => Volatile.Read(ref _framesReceived);

    /// <summary>Frames dropped because the frame queue was full.</summary>
    public long FramesDropped => Volatile.Read(ref _framesDropped);

    /// <summary>
    /// Cancelled when the stream ends for any reason: the client closed it or dropped, the application closed it, a
    /// newer connection replaced it, or the server is stopping. The handler's token. On the application's own
    /// (graceful) close it fires once the queued messages are sent, so sends made with it are delivered.
    /// </summary>
    public CancellationToken ClosedToken => _closed.Token;

    /// <summary>Why the session ended; null while it runs.</summary>
    public AudioStreamCloseReason? CloseReason => Volatile.Read(ref _closeState) == 0 ? null : _closeReason;

    /// <summary>The close code sent (or echoed); null while open, and when the connection ended without a close frame.</summary>
    public WebSocketCloseStatus? CloseStatus => Volatile.Read(ref _closeState) == 0 ? null : _closeStatus;

    /// <summary>The close reason text sent (for a client close: the client's).</summary>
    public string? CloseStatusDescription => Volatile.Read(ref _closeState) == 0 ? null : _closeDescription;

    /// <summary>Completes when the session is over: handler returned, connection closed, buffers released.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Waits for the metadata text frame.</summary>
    /// <returns>The metadata, or null when the stream ended without one.</returns>
    public Task<AudioStreamMetadata?> WaitForMetadataAsync(CancellationToken cancellationToken = default) =>
        _metadataArrived.Task.WaitAsync(cancellationToken);

    /// <summary>Starts reading and writing.</summary>
    internal void Start()
    {
        _receiveLoop = ReceiveLoopAsync();
        _writerLoop = WriterLoopAsync();
        _connectionClosed = Task.WhenAll(_receiveLoop, _writerLoop);
    }

    /// <summary>Ends the session's part in the endpoint: the loops are done, so the buffers go back.</summary>
    internal void Finish()
    {
        FlushFrameMetrics();
        while (_frames.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }

        _pool.Close();
        _sendTimeout.Dispose();
        _completion.TrySetResult();
    }

    /// <summary>When the session started (a <see cref="TimeProvider"/> timestamp).</summary>
    internal long StartedAt => _startedAt;

    /// <summary>Frames created by the pool (one or two per session in steady state).</summary>
    internal int FramesCreated => _pool.Created;

    /// <summary>Both loops have ended.</summary>
    internal Task ConnectionClosed => _connectionClosed;
}
