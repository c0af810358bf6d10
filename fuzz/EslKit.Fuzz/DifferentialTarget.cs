using System.Buffers;
using System.Text;
using EslKit.Protocol;

namespace EslKit.Fuzz;

/// <summary>
/// One fuzz execution: the input goes through <see cref="EslFrameReader"/> as one buffer, as one multi-segment
/// sequence and read by read as a pipe would deliver it; every result must equal the reference parser's.
/// Every frame is also read with the frame helpers and every event read in place and materialised: only
/// <see cref="EslProtocolException"/> may come out, and for plain events the in-place view must agree with the
/// materialised event.
/// </summary>
internal sealed class DifferentialTarget
{
    private static readonly byte[][] LookupNames =
    [
        "Event-Name"u8.ToArray(), "Unique-ID"u8.ToArray(), "Job-UUID"u8.ToArray(), "Content-Length"u8.ToArray(),
        "Event-Subclass"u8.ToArray(), "Core-UUID"u8.ToArray(), "_body"u8.ToArray(), "variable_DP_MATCH"u8.ToArray(),
    ];

    private readonly FuzzStats _stats;
    private byte[] _scratch = new byte[4096];

    public DifferentialTarget(FuzzStats stats) => _stats = stats;

    /// <summary>Runs one input; throws <see cref="FuzzFailure"/> on any finding.</summary>
    public void Run(byte[] data, ExecPlan plan)
    {
        var expected = ReferenceParser.Parse(data, plan.Limits);
        _stats.Record(expected);

        Compare("one buffer", expected, Read(data, [data.Length], plan.Limits, wholeSequence: false, exercise: true));
        int[] reads = plan.Reads(data.Length).ToArray();
        Compare("one multi-segment sequence", expected, Read(data, reads, plan.Limits, wholeSequence: true, exercise: false));
        Compare("read by read", expected, Read(data, reads, plan.Limits, wholeSequence: false, exercise: false));
    }

    private static void Compare(string how, ParseOutcome expected, ParseOutcome actual)
    {
        if (expected.Difference(actual) is { } difference)
        {
            throw new FuzzFailure("reader-vs-reference", $"{how}: reference vs reader: {difference}");
        }
    }

    private ParseOutcome Read(byte[] data, int[] reads, EslParserLimits limits, bool wholeSequence, bool exercise)
    {
        var parts = new List<ReadOnlyMemory<byte>>(reads.Length);
        int offset = 0;
        foreach (int n in reads)
        {
            parts.Add(data.AsMemory(offset, n));
            offset += n;
        }

        var all = EslKit.Shared.SegmentedSequence.Create(parts);
        var frames = new List<FrameRecord>();
        using var reader = new EslFrameReader(limits);
        long consumed = 0;
        long available = 0;
        try
        {
            if (wholeSequence)
            {
                available = all.Length;
                ReadAvailable(reader, all, frames, exercise);
                consumed = reader.Position;
            }
            else
            {
                foreach (var part in parts)
                {
                    available += part.Length;
                    var buffer = all.Slice(consumed, available - consumed);
                    ReadAvailable(reader, buffer, frames, exercise);
                    consumed = reader.Position;
                }
            }

            reader.Complete(all.Slice(consumed));
            return new ParseOutcome(frames, null);
        }
        catch (EslProtocolException ex)
        {
            CheckMessage(ex);
            return new ParseOutcome(frames, new ErrorRecord(ex.Error, ex.Offset));
        }
        catch (Exception ex) when (ex is not FuzzFailure)
        {
            throw new FuzzFailure($"crash:{ex.GetType().Name}", "the frame reader threw " + ex.GetType().FullName, ex);
        }
    }

    private void ReadAvailable(EslFrameReader reader, ReadOnlySequence<byte> buffer, List<FrameRecord> frames, bool exercise)
    {
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            long length = reader.Position - frame.Offset;
            frames.Add(new FrameRecord(frame.Offset, frame.ContentType, frame.RawContentType.ToArray(), frame.HeaderBlock.ToArray(), frame.Body.ToArray(), length));
            if (exercise)
            {
                Exercise(frame);
            }
        }
    }

    // The message says what and where, never what was received: no line breaks, and no long run of input bytes.
    private static void CheckMessage(EslProtocolException ex)
    {
        if (ex.Message.Contains('\n', StringComparison.Ordinal) || ex.Message.Length > 200)
        {
            throw new FuzzFailure("message", $"suspicious exception message ({ex.Message.Length} chars)");
        }
    }

    private void Exercise(in EslFrame frame)
    {
        try
        {
            ExerciseFrame(frame);
        }
        catch (Exception ex) when (ex is not FuzzFailure)
        {
            throw new FuzzFailure($"crash:{ex.GetType().Name}", $"reading a {frame.ContentType} frame threw {ex.GetType().FullName}", ex);
        }
    }

    private void ExerciseFrame(in EslFrame frame)
    {
        _stats.Frames++;
        _ = frame.ReplyStatus;
        _ = frame.DisconnectDisposition;
        _ = frame.LingerTime;
        _ = frame.IsChannelData;
        _ = frame.ReplyText;
        frame.TryGetJobUuid(out _);

        // The frame's own lookups must see the Content-Type the scanner classified.
        bool hasType = frame.Headers.TryGetValue(EslHeaderNames.ContentType, out var type);
        if (hasType != (frame.ContentType != EslContentType.None) || (hasType && !type.SequenceEqual(frame.RawContentType)))
        {
            throw new FuzzFailure("headers-vs-scanner", "Content-Type lookup disagrees with the scanner");
        }

        if (frame.Headers.TryGetInt64(EslHeaderNames.ContentLength, out long length) && length != frame.Body.Length)
        {
            throw new FuzzFailure("headers-vs-scanner", "Content-Length lookup disagrees with the body length");
        }

        foreach (var header in frame.Headers)
        {
            header.DecodeValue(Scratch(header.Value.Length));
            if (!header.NameEquals(header.Name))
            {
                throw new FuzzFailure("headers", "a header name does not equal itself");
            }
        }

        if (frame.TryGetEvent(out var view))
        {
            ExerciseEvent(ref view);
        }

        try
        {
            _ = frame.ToMessage().ToString();
        }
        catch (EslProtocolException ex) when (ex.Error == EslProtocolError.MalformedEvent)
        {
            // Counted when the event was read above.
        }
    }

    private void ExerciseEvent(ref EslEventView view)
    {
        _stats.Events++;
        _ = view.Name;
        _ = view.RawHeaders;
        _ = view.RawBody;
        view.TryGetUniqueId(out _);
        foreach (byte[] name in LookupNames)
        {
            if (view.TryGetRawValue(name, out var raw))
            {
                view.DecodeValue(raw, Scratch(raw.Length));
            }
        }

        EslEvent owned;
        try
        {
            owned = view.ToEvent();
        }
        catch (EslProtocolException ex) when (ex.Error == EslProtocolError.MalformedEvent)
        {
            _stats.MalformedEvents++;
            return;
        }

        _ = owned.ToString();
        _ = owned.UniqueId;
        foreach (var (name, _) in owned.Headers)
        {
            _ = owned.GetArray(name);
        }

        if (view.Format == EslEventFormat.Plain)
        {
            CheckPlainViewAgrees(ref view, owned);
        }
    }

    // For plain events the in-place view and the materialised event read the same bytes the same way.
    private void CheckPlainViewAgrees(ref EslEventView view, EslEvent owned)
    {
        if (!view.RawBody.SequenceEqual(owned.Body.Span))
        {
            throw new FuzzFailure("view-vs-event", "plain event body differs between the view and the materialised event");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in owned.Headers)
        {
            if (!Ascii.IsValid(name) || !seen.Add(name))
            {
                continue; // first of a name only; non-ASCII names may not survive the trip to a string
            }

            byte[] nameBytes = Encoding.ASCII.GetBytes(name);
            if (!view.TryGetRawValue(nameBytes, out var raw))
            {
                throw new FuzzFailure("view-vs-event", $"the view cannot find plain header #{seen.Count}");
            }

            var buffer = Scratch(raw.Length);
            int n = view.DecodeValue(raw, buffer);
            if (Encoding.UTF8.GetString(buffer[..n]) != value)
            {
                throw new FuzzFailure("view-vs-event", $"plain header #{seen.Count} decodes differently in the view");
            }
        }

        // And the other way: names the event does not have (the fixed lookups, and every header-like line of
        // the body, the usual trap) must not be found by the view.
        foreach (byte[] name in LookupNames)
        {
            CheckAbsentAgrees(ref view, owned, name);
        }

        foreach (var line in new EslHeaders(owned.Body.Span))
        {
            CheckAbsentAgrees(ref view, owned, line.Name);
        }
    }

    private static void CheckAbsentAgrees(ref EslEventView view, EslEvent owned, ReadOnlySpan<byte> name)
    {
        if (Ascii.IsValid(name) && !owned.TryGetHeader(Encoding.ASCII.GetString(name), out _) && view.TryGetRawValue(name, out _))
        {
            throw new FuzzFailure("view-vs-event", "the view finds a plain header the materialised event does not have");
        }
    }

    private Span<byte> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }

        return _scratch.AsSpan(0, length);
    }
}
