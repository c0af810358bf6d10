using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EslKit.AudioStream.Tests.Infrastructure;

/// <summary>The application's call in these tests.</summary>
internal sealed record TestCall(string Id);

/// <summary>What one session saw: its frames (copied), texts, and when its handler ran.</summary>
internal sealed class StreamRecord
{
    public StreamRecord(AudioStreamSession<TestCall> session) => Session = session;

    public AudioStreamSession<TestCall> Session { get; }

    public ConcurrentQueue<(long Sequence, byte[] Data)> Frames { get; } = new();

    public ConcurrentQueue<string> Texts { get; } = new();

    public TaskCompletionSource RunEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long RunStartedTicks { get; set; }

    public long RunEndedTicks { get; set; }

    public bool TokenCancelledAtEnd { get; set; }

    public byte[] Audio => Frames.SelectMany(f => f.Data).ToArray();
}

/// <summary>
/// A handler that admits the calls it knows, checks metadata by a rule, records every frame and text, and can act
/// (send, throw, stall) while it reads.
/// </summary>
internal sealed class RecordingHandler : AudioStreamHandler<TestCall>
{
    private readonly ConcurrentQueue<StreamRecord> _records = new();

    /// <summary>Call ids admitted; null admits any route call id.</summary>
    public HashSet<string>? KnownCalls { get; init; }

    /// <summary>The metadata check; null accepts.</summary>
    public Func<AudioStreamMetadata, AudioStreamDecision>? MetadataRule { get; init; }

    /// <summary>
    /// Whether the handler drains Frames to the end of the stream (false: it returns when <see cref="Act"/> does,
    /// which closes the stream).
    /// </summary>
    public bool ReadFrames { get; init; } = true;

    /// <summary>Runs beside the reading; the session ends after both.</summary>
    public Func<StreamRecord, CancellationToken, Task>? Act { get; init; }

    /// <summary>Thrown by AdmitAsync when set.</summary>
    public Exception? AdmitFailure { get; init; }

    public IReadOnlyList<StreamRecord> Records => _records.ToArray();

    public async Task<StreamRecord> WaitForRecordAsync(int index = 0)
    {
        await Wait.UntilAsync(() => _records.Count > index, $"session #{index + 1}");
        return _records.ElementAt(index);
    }

    public override ValueTask<AudioStreamAdmission<TestCall>> AdmitAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (AdmitFailure is not null)
        {
            throw AdmitFailure;
        }

        string? id = context.GetRouteValue("callId")?.ToString();
        return ValueTask.FromResult(id is not null && (KnownCalls is null || KnownCalls.Contains(id))
            ? Accept(id, new TestCall(id))
            : RejectUnknownCall());
    }

    public override ValueTask<AudioStreamDecision> AcceptMetadataAsync(AudioStreamSession<TestCall> session, AudioStreamMetadata metadata, CancellationToken cancellationToken) =>
        ValueTask.FromResult(MetadataRule?.Invoke(metadata) ?? AudioStreamDecision.Accept);

    public override async Task RunAsync(AudioStreamSession<TestCall> session, CancellationToken cancellationToken)
    {
        var record = new StreamRecord(session) { RunStartedTicks = Stopwatch.GetTimestamp() };
        _records.Enqueue(record);
        try
        {
            // Read to the end, not to the token: what was queued before the close still counts.
            var texts = Task.Run(
                async () =>
            {
                await foreach (string text in session.TextMessages.ReadAllAsync(CancellationToken.None))
                {
                    record.Texts.Enqueue(text);
                }
            },
                CancellationToken.None);
            var act = Act is null ? Task.CompletedTask : Act(record, cancellationToken);
            if (ReadFrames)
            {
                await foreach (var frame in session.Frames.ReadAllAsync(CancellationToken.None))
                {
                    using (frame)
                    {
                        record.Frames.Enqueue((frame.Sequence, frame.Span.ToArray()));
                    }
                }
            }

            await act;
            if (ReadFrames)
            {
                await texts; // the stream has ended, so the texts have too
            }
        }
        finally
        {
            record.TokenCancelledAtEnd = cancellationToken.IsCancellationRequested;
            record.RunEndedTicks = Stopwatch.GetTimestamp();
            record.RunEnded.TrySetResult();
        }
    }
}
