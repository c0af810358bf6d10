using System.Buffers;

namespace EslKit.Protocol;

/// <summary>
/// Reads frames from the buffer of a <see cref="System.IO.Pipelines.PipeReader"/> (or any sequence of
/// received bytes). Frames are handed out in place; one that straddles buffer segments is copied into
/// a reusable scratch buffer, so steady-state reading allocates nothing. One reader per connection; not
/// thread-safe.
/// </summary>
/// <example>
/// <code>
/// while (true)
/// {
///     var result = await pipe.ReadAsync(ct);
///     var buffer = result.Buffer;
///     while (reader.TryReadFrame(ref buffer, out var frame)) { Handle(frame); }
///     pipe.AdvanceTo(buffer.Start, buffer.End);
///     if (result.IsCompleted) { reader.Complete(buffer); break; }
/// }
/// </code>
/// </example>
public sealed class EslFrameReader : IDisposable
{
    // Scratch buffers above this are returned to the pool once their frame is done with.
    private const int KeepScratchBytes = 256 * 1024;
    private EslFrameScanner _scanner;
    private byte[]? _scratch;

    /// <summary>Creates a reader with the given limits (<see cref="EslParserLimits.Default"/> when null).</summary>
    public EslFrameReader(EslParserLimits? limits = null)
    {
        Limits = limits is null ? EslParserLimits.Default : limits with { };
        _scanner = new EslFrameScanner(Limits);
    }

    /// <summary>The caps this reader enforces: a copy taken at construction, so later changes to the caller's instance do not apply.</summary>
    public EslParserLimits Limits { get; }

    /// <summary>Bytes of the stream consumed by the frames read so far.</summary>
    public long Position => _scanner.StreamOffset;

    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/> and, on success, moves
    /// <paramref name="buffer"/> past it. Call with the same buffer start plus more data after a false.
    /// </summary>
    /// <exception cref="EslProtocolException">Malformed input or a cap exceeded.</exception>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out EslFrame frame)
    {
        ReleaseLargeScratch();
        if (_scanner.TryScan(buffer, out var bounds) != OperationStatus.Done)
        {
            frame = default;
            return false;
        }

        ReadOnlySpan<byte> span;
        var first = buffer.FirstSpan;
        if (bounds.FrameLength <= first.Length)
        {
            span = first[(int)bounds.HeaderStart..(int)bounds.FrameLength];
        }
        else
        {
            // The frame straddles segments: copy it once into the reusable scratch buffer.
            var bytes = buffer.Slice(bounds.HeaderStart, bounds.FrameLength - bounds.HeaderStart);
            int length = checked((int)bytes.Length);
            if (_scratch is null || _scratch.Length < length)
            {
                if (_scratch is not null)
                {
                    ArrayPool<byte>.Shared.Return(_scratch);
                }

                _scratch = ArrayPool<byte>.Shared.Rent(length);
            }

            bytes.CopyTo(_scratch);
            span = _scratch.AsSpan(0, length);
        }

        int headerLength = (int)bounds.HeaderLength;
        int bodyOffset = (int)(bounds.BodyStart - bounds.HeaderStart);
        var rawType = bounds.ContentTypeStart < 0
            ? default
            : span.Slice((int)(bounds.ContentTypeStart - bounds.HeaderStart), bounds.ContentTypeLength);
        var type = bounds.ContentTypeStart < 0 ? EslContentType.None : EslContentTypes.Classify(rawType);
        frame = new EslFrame(type, rawType, span[..headerLength], span.Slice(bodyOffset, (int)bounds.BodyLength), bounds.StreamOffset);
        buffer = buffer.Slice(bounds.FrameLength);
        return true;
    }

    /// <summary>
    /// Call when the stream has ended with <paramref name="remaining"/> unread: throws when a frame was cut short.
    /// </summary>
    /// <exception cref="EslProtocolException">The stream ended inside a frame (<see cref="EslProtocolError.TruncatedFrame"/>).</exception>
    public void Complete(in ReadOnlySequence<byte> remaining)
    {
        if (_scanner.HasPartialFrame(remaining))
        {
            throw new EslProtocolException(EslProtocolError.TruncatedFrame, _scanner.StreamOffset, "the connection closed in the middle of a frame");
        }
    }

    /// <summary>Forgets any partial frame and restarts stream positions at 0 (for a new connection).</summary>
    public void Reset() => _scanner.Reset();

    /// <summary>Returns pooled memory.</summary>
    public void Dispose()
    {
        // Exchange: a buffer must never go back to the pool twice.
        if (Interlocked.Exchange(ref _scratch, null) is { } scratch)
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private void ReleaseLargeScratch()
    {
        if (_scratch is { Length: > KeepScratchBytes })
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }
}
