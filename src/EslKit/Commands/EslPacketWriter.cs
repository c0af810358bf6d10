using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace EslKit.Commands;

/// <summary>
/// Writes one command packet into a span, or only counts its bytes. Every command describes its packet
/// once (<see cref="IEslPacketSource.Emit"/>) and that description is run twice: measuring, then writing
/// into a span of exactly that size, so a packet is written with one GetSpan/Advance and no
/// intermediate strings. The same description run with <c>redacting</c> gives the log rendering, so the
/// bytes sent and the text logged can never drift apart.
/// </summary>
internal ref struct EslPacketWriter
{
    /// <summary>What a secret is replaced with in a redacted rendering.</summary>
    internal static ReadOnlySpan<byte> MaskUtf8 => "***"u8;

    private readonly Span<byte> _buffer;
    private readonly bool _measuring;
    private int _length;

    private EslPacketWriter(Span<byte> buffer, bool measuring, bool redacting)
    {
        _buffer = buffer;
        _measuring = measuring;
        Redacting = redacting;
    }

    /// <summary>True when secrets are masked and bodies summarised (the log rendering).</summary>
    public bool Redacting { get; }

    /// <summary>True while only counting bytes.</summary>
    public readonly bool IsMeasuring => _measuring;

    /// <summary>Bytes written (or counted) so far.</summary>
    public readonly int Length => _length;

    public static EslPacketWriter Measure(bool redacting = false) => new(default, measuring: true, redacting);

    public static EslPacketWriter Into(Span<byte> buffer, bool redacting = false) => new(buffer, measuring: false, redacting);

    public void Write(ReadOnlySpan<byte> literal)
    {
        if (!_measuring)
        {
            literal.CopyTo(_buffer[_length..]);
        }

        _length += literal.Length;
    }

    /// <summary>While measuring, counts <paramref name="byteCount"/> bytes a part already measured will take.</summary>
    public void Skip(int byteCount)
    {
        if (!_measuring)
        {
            throw new InvalidOperationException("Only a measuring writer can skip.");
        }

        _length += byteCount;
    }

    public void Write(byte value)
    {
        if (!_measuring)
        {
            _buffer[_length] = value;
        }

        _length++;
    }

    /// <summary>Writes text as UTF-8, unchanged. Callers have validated it (no lone surrogates).</summary>
    public void Text(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        if (_measuring)
        {
            _length += Encoding.UTF8.GetByteCount(text);
        }
        else
        {
            _length += Encoding.UTF8.GetBytes(text, _buffer[_length..]);
        }
    }

    /// <summary>Writes text escaped for the slot it goes into (see <see cref="EslEscape"/>).</summary>
    public void Escaped(ReadOnlySpan<char> text, EslEscape escape)
    {
        if (escape == EslEscape.None)
        {
            Text(text);
            return;
        }

        var special = EslText.EscapedBy(escape);
        while (true)
        {
            int i = text.IndexOfAny(special);
            if (i < 0)
            {
                Text(text);
                return;
            }

            Text(text[..i]);
            Write((byte)'\\');
            Write((byte)EslText.EscapeLetter(text[i]));
            text = text[(i + 1)..];
        }
    }

    /// <summary>Writes a secret value escaped, or the mask when redacting.</summary>
    public void Secret(ReadOnlySpan<char> text, EslEscape escape, bool isSecret)
    {
        if (isSecret && Redacting)
        {
            Write(MaskUtf8);
        }
        else
        {
            Escaped(text, escape);
        }
    }

    public void Number(long value)
    {
        if (_measuring)
        {
            _length += CountDigits(value);
            return;
        }

        if (!Utf8Formatter.TryFormat(value, _buffer[_length..], out int written))
        {
            throw new InvalidOperationException("The packet buffer is smaller than measured.");
        }

        _length += written;
    }

    /// <summary>A UUID in FreeSWITCH's form: 36 lower-case characters with dashes.</summary>
    public void Uuid(Guid value)
    {
        if (!_measuring && !value.TryFormat(_buffer[_length..], out _, "D"))
        {
            throw new InvalidOperationException("The packet buffer is smaller than measured.");
        }

        _length += 36;
    }

    /// <summary>
    /// A body: written as is, or summarised by its size when redacting (a body may hold anything, and the
    /// log line must stay one readable record).
    /// </summary>
    public void Body(ReadOnlySpan<char> text, int byteCount)
    {
        if (Redacting)
        {
            Write("[body: "u8);
            Number(byteCount);
            Write(" bytes]"u8);
        }
        else
        {
            Text(text);
        }
    }

    private static int CountDigits(long value)
    {
        int digits = value < 0 ? 2 : 1;
        ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        while (magnitude >= 10)
        {
            magnitude /= 10;
            digits++;
        }

        return digits;
    }
}
