namespace EslKit.AudioStream.Buffers;

/// <summary>
/// A session's frames: the receive loop rents one per binary message and the reader returns it by disposing.
/// The free list holds at most what the queue can hold plus the frames in hand, so a session's memory is
/// bounded by its queue; frames are created on demand (once per session in steady state) and sized to the
/// largest message seen.
/// </summary>
internal sealed class AudioFramePool
{
    private readonly Lock _lock = new();
    private readonly AudioFrame?[] _free;
    private int _count;
    private int _capacityHint;
    private bool _closed;

    public AudioFramePool(int maxFree, int initialFrameBytes)
    {
        _free = new AudioFrame?[maxFree];
        _capacityHint = initialFrameBytes;
    }

    /// <summary>Frames created since the session started (the steady state creates none).</summary>
    public int Created { get; private set; }

    public AudioFrame Rent()
    {
        AudioFrame? frame = null;
        int capacity;
        lock (_lock)
        {
            if (_count > 0)
            {
                frame = _free[--_count];
                _free[_count] = null;
            }

            capacity = _capacityHint;
            if (frame is null)
            {
                Created++;
            }
        }

        frame ??= new AudioFrame(this, capacity);
        frame.Lease();
        return frame;
    }

    /// <summary>Remembers a message size so later frames start large enough.</summary>
    public void NoteSize(int bytes)
    {
        lock (_lock)
        {
            _capacityHint = Math.Max(_capacityHint, bytes);
        }
    }

    public void Return(AudioFrame frame)
    {
        lock (_lock)
        {
            if (!_closed && _count < _free.Length)
            {
                _free[_count++] = frame;
                return;
            }
        }

        frame.ReleaseBuffer();
    }

    /// <summary>Releases the free frames; frames returned later release their buffers at once.</summary>
    public void Close()
    {
        AudioFrame?[] free;
        int count;
        lock (_lock)
        {
            _closed = true;
            free = _free;
            count = _count;
            _count = 0;
        }

        for (int i = 0; i < count; i++)
        {
            free[i]!.ReleaseBuffer();
            free[i] = null;
        }
    }
}
