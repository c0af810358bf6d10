using System.Buffers;
using System.Text;

namespace EslKit.Testing.Internal;

/// <summary>
/// A resumable port of mod_event_socket's <c>read_packet</c>: CR/LF before a packet is skipped; the header
/// block ends at two LFs with nothing but CRs between them (or at 10 MiB); line 1 is the command; later
/// lines are split at the first ':' with spaces (not tabs) skipped; every <c>content-length</c> header
/// (any case, value read with atoi) reads that many body bytes.
/// </summary>
internal sealed class FsPacketParser
{
    public const int MaxHeaderBlock = 10485760;

    private byte[] _block = []; // allocated with the first byte
    private int _blockLength;
    private int _lfCount;

    // Body stage: the header block is parsed and its bodies are being read.
    private PendingPacket? _pending;

    /// <summary>True between packets with nothing of the next one received yet (when FreeSWITCH writes queued events).</summary>
    public bool IsIdle => _blockLength == 0 && _pending is null;

    /// <summary>Consumes bytes until one packet completes; returns how many bytes were used.</summary>
    public int Feed(ReadOnlySpan<byte> data, out FsPacket? packet)
    {
        packet = null;
        int i = 0;
        while (i < data.Length)
        {
            if (_pending is null)
            {
                byte b = data[i++];
                if (_blockLength == 0 && (b == (byte)'\r' || b == (byte)'\n'))
                {
                    continue;
                }

                Append(b);
                if (b == (byte)'\n')
                {
                    _lfCount++;
                }
                else if (b != (byte)'\r')
                {
                    _lfCount = 0;
                }

                if (_blockLength >= MaxHeaderBlock)
                {
                    _lfCount = 2;
                }

                if (_lfCount == 2)
                {
                    _pending = ParseBlock(_block.AsSpan(0, _blockLength));
                    _blockLength = 0;
                    _lfCount = 0;
                    if (_pending.BodyLengths.Count == 0)
                    {
                        packet = Complete();
                        return i;
                    }
                }
            }
            else
            {
                var pending = _pending;
                int need = pending.BodyLengths[pending.BodyIndex] - (int)pending.Current.WrittenCount;
                int take = Math.Min(need, data.Length - i);
                pending.Current.Write(data.Slice(i, take));
                i += take;
                if (take == need)
                {
                    pending.Body = pending.Current.WrittenSpan.ToArray();
                    pending.Current.Clear();
                    if (++pending.BodyIndex == pending.BodyLengths.Count)
                    {
                        packet = Complete();
                        return i;
                    }
                }
            }
        }

        return i;
    }

    private FsPacket Complete()
    {
        var pending = _pending!;
        _pending = null;
        if (_block.Length > 64 * 1024)
        {
            _block = new byte[2048]; // do not keep a huge block around after one big packet
        }

        return new FsPacket(pending.CommandBuffer, pending.Headers, pending.Body, pending.RawLength);
    }

    private void Append(byte b)
    {
        if (_blockLength == _block.Length)
        {
            Array.Resize(ref _block, Math.Max(2048, _block.Length * 2));
        }

        _block[_blockLength++] = b;
    }

    private static PendingPacket ParseBlock(ReadOnlySpan<byte> block)
    {
        int rawLength = block.Length;
        int nul = block.IndexOf((byte)0);
        var s = nul < 0 ? block : block[..nul]; // mbuf is a C string
        var pending = new PendingPacket(Encoding.UTF8.GetString(s), rawLength);
        int cur = 0;
        int count = 0;
        while (cur >= 0)
        {
            // strchr(cur, '\r') || strchr(cur, '\n'): a CR anywhere later wins over the next LF.
            int end = IndexFrom(s, (byte)'\r', cur);
            if (end < 0)
            {
                end = IndexFrom(s, (byte)'\n', cur);
            }

            int next = end;
            if (next >= 0)
            {
                while (next < s.Length && (s[next] == (byte)'\r' || s[next] == (byte)'\n'))
                {
                    next++;
                }
            }

            count++;
            if (count > 1)
            {
                var line = end >= 0 ? s[cur..end] : s[cur..];
                int colon = line.IndexOf((byte)':');
                if (colon >= 0)
                {
                    var value = line[(colon + 1)..];
                    int skip = 0;
                    while (skip < value.Length && value[skip] == (byte)' ')
                    {
                        skip++;
                    }

                    string name = Encoding.UTF8.GetString(line[..colon]);
                    string text = Encoding.UTF8.GetString(value[skip..]);
                    pending.Headers.Add(new(name, text));
                    if (string.Equals(name, "content-length", StringComparison.OrdinalIgnoreCase))
                    {
                        int length = Atoi(text);
                        if (length > 0)
                        {
                            pending.BodyLengths.Add(length);
                        }
                    }
                }
            }

            cur = next;
        }

        return pending;
    }

    private static int IndexFrom(ReadOnlySpan<byte> s, byte value, int from)
    {
        if (from >= s.Length)
        {
            return -1;
        }

        int i = s[from..].IndexOf(value);
        return i < 0 ? -1 : from + i;
    }

    /// <summary>C's atoi: leading whitespace, an optional sign, then digits; anything else ends it.</summary>
    internal static int Atoi(string text)
    {
        int i = 0;
        while (i < text.Length && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r')))
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }

        long value = 0;
        while (i < text.Length && text[i] >= '0' && text[i] <= '9')
        {
            value = Math.Min((value * 10) + (text[i] - '0'), int.MaxValue);
            i++;
        }

        return (int)(negative ? -value : value);
    }

    private sealed class PendingPacket(string commandBuffer, int rawLength)
    {
        public string CommandBuffer { get; } = commandBuffer;

        public int RawLength { get; } = rawLength;

        public List<KeyValuePair<string, string>> Headers { get; } = [];

        public List<int> BodyLengths { get; } = [];

        public int BodyIndex { get; set; }

        public ArrayBufferWriter<byte> Current { get; } = new();

        public byte[]? Body { get; set; }
    }
}
