using System.Buffers;
using System.Runtime.InteropServices;
using EslKit.AudioStream.Buffers;

namespace EslKit.AudioStream;

/// <summary>
/// One binary message of a stream: L16 audio (signed 16-bit little-endian samples, channels interleaved) in a
/// pooled buffer owned by the reader. <b>Dispose it when done</b>: that returns the buffer to its session for
/// the next frame, which is what keeps a stream at zero allocations per frame. The frame must not be used after
/// <see cref="Dispose"/>; a frame never disposed is only garbage-collected (the session then allocates a new one).
/// </summary>
public sealed class AudioFrame : IDisposable
{
    private readonly AudioFramePool _pool;
    private byte[] _buffer;
    private int _length;
    private int _leased;

    internal AudioFrame(AudioFramePool pool, int capacity)
    {
        _pool = pool;
        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    }

    /// <summary>The stream's audio format.</summary>
    public AudioStreamFormat Format { get; private set; }

    /// <summary>
    /// The frame's number in its stream, counting every binary message from 0, dropped ones included: a gap
    /// between two frames you read is the number of frames dropped in between.
    /// </summary>
    public long Sequence { get; private set; }

    /// <summary>When the frame's last byte was received, as a <see cref="TimeProvider.GetTimestamp"/> value of the endpoint's time provider.</summary>
    public long Timestamp { get; private set; }

    /// <summary>Size in bytes.</summary>
    public int Length
    {
        get
        {
            ThrowIfReleased();
            return _length;
        }
    }

    /// <summary>The audio bytes.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            ThrowIfReleased();
            return _buffer.AsSpan(0, _length);
        }
    }

    /// <summary>The audio bytes, for APIs that need memory rather than a span (valid until <see cref="Dispose"/>).</summary>
    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            ThrowIfReleased();
            return _buffer.AsMemory(0, _length);
        }
    }

    /// <summary>The audio as 16-bit samples, channels interleaved (read in place: L16 is little-endian, as this process is).</summary>
    /// <exception cref="PlatformNotSupportedException">On a big-endian process, where the bytes need swapping: use <see cref="Span"/>.</exception>
    public ReadOnlySpan<short> Samples => BitConverter.IsLittleEndian
        ? MemoryMarshal.Cast<byte, short>(Span)
        : throw new PlatformNotSupportedException("L16 samples are little-endian; read Span and swap on a big-endian process.");

    /// <summary>Samples per channel.</summary>
    public int SampleCount => Length / Format.BytesPerSampleFrame;

    /// <summary>How long the frame plays (20 ms for the module's default frames).</summary>
    public TimeSpan Duration => Format.GetDuration(Length);

    /// <summary>Returns the buffer to the session. Calling it twice is harmless.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _leased, 0) == 1)
        {
            _pool.Return(this);
        }
    }

    internal int Capacity => _buffer.Length;

    /// <summary>The buffer the receive loop writes into.</summary>
    internal byte[] Buffer => _buffer;

    internal void Lease() => Volatile.Write(ref _leased, 1);

    internal void Complete(int length, AudioStreamFormat format, long sequence, long timestamp)
    {
        _length = length;
        Format = format;
        Sequence = sequence;
        Timestamp = timestamp;
    }

    /// <summary>Grows the buffer to at least <paramref name="capacity"/>, keeping the first <paramref name="used"/> bytes.</summary>
    internal void Grow(int capacity, int used)
    {
        byte[] larger = ArrayPool<byte>.Shared.Rent(capacity);
        _buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <summary>Gives the buffer back to the shared pool; the frame is not used again.</summary>
    internal void ReleaseBuffer()
    {
        byte[] buffer = Interlocked.Exchange(ref _buffer, []);
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ThrowIfReleased() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _leased) == 0, this);
}
