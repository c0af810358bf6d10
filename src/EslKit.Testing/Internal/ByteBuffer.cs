using System.Buffers.Text;
using System.Text;

namespace EslKit.Testing.Internal;

/// <summary>A growable byte array for building frames; not thread-safe.</summary>
internal sealed class ByteBuffer
{
    private byte[] _data;
    private int _length;

    private byte[]? _pooled;

    public ByteBuffer(int capacity = 256) => _data = new byte[Math.Max(16, capacity)];

    /// <summary>Writes into an array rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; give it back with <see cref="ReturnToPool"/>.</summary>
    public ByteBuffer(byte[] pooled) => _data = _pooled = pooled;

    /// <summary>Returns the rented array (if it was not outgrown); the buffer must not be used afterwards.</summary>
    public void ReturnToPool()
    {
        if (_pooled is { } pooled)
        {
            _pooled = null;
            System.Buffers.ArrayPool<byte>.Shared.Return(pooled);
        }

        _data = [];
        _length = 0;
    }

    public int Length => _length;

    public ReadOnlySpan<byte> Span => _data.AsSpan(0, _length);

    public ReadOnlyMemory<byte> Memory => _data.AsMemory(0, _length);

    public void Clear() => _length = 0;

    public void Truncate(int length) => _length = Math.Min(_length, length);

    public void Append(byte value)
    {
        Ensure(1);
        _data[_length++] = value;
    }

    public void Append(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_data.AsSpan(_length));
        _length += value.Length;
    }

    public void AppendUtf8(string value)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length));
        _length += Encoding.UTF8.GetBytes(value, _data.AsSpan(_length));
    }

    public void AppendNumber(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _data.AsSpan(_length), out int written);
        _length += written;
    }

    public byte[] ToArray() => _data.AsSpan(0, _length).ToArray();

    /// <summary>Room for at least <paramref name="size"/> bytes at the end; commit what was written with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        return _data.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    private void Ensure(int extra)
    {
        if (_length + extra > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + extra));
        }
    }
}
