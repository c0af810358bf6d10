using System.Globalization;
using System.Text;

namespace EslKit.Fuzz;

/// <summary>Makes inputs: a seed from the corpus (a frame, a few frames, a slice of a stream), mutated a few times.</summary>
internal sealed class Mutator
{
    private const int MaxInput = 256 * 1024;
    private static readonly string[] Numbers = ["0", "1", "-1", "00", "", " ", "2147483648", "4294967296", "16777217", "1000000000000000000000000000000", "1x", "+5", "0x10"];
    private readonly Random _random;
    private readonly Corpus _corpus;

    public Mutator(Random random, Corpus corpus)
    {
        _random = random;
        _corpus = corpus;
    }

    public byte[] Next()
    {
        var bytes = new List<byte>(Seed());
        int edits = 1 + (int)Math.Min(15, -Math.Log(1 - _random.NextDouble()) * 2); // mostly few, sometimes many
        for (int i = 0; i < edits; i++)
        {
            Mutate(bytes);
        }

        return bytes.Count > MaxInput ? [.. bytes.Take(MaxInput)] : [.. bytes];
    }

    private IEnumerable<byte> Seed()
    {
        int pick = _random.Next(100);
        if (pick < 60)
        {
            return Pick(_corpus.Frames);
        }

        if (pick < 80)
        {
            // A few frames back to back, possibly from different captures, with or without padding.
            var frames = Enumerable.Range(0, 2 + _random.Next(3)).Select(_ => Pick(_corpus.Frames));
            return frames.SelectMany(f => _random.Next(4) == 0 ? "\n"u8.ToArray().Concat(f) : f);
        }

        if (pick < 95)
        {
            byte[] stream = Pick(_corpus.Streams);
            int start = _random.Next(stream.Length);
            return stream.Skip(_random.Next(2) == 0 ? 0 : start).Take(1 + _random.Next(64 * 1024));
        }

        return Enumerable.Range(0, _random.Next(64)).SelectMany(_ => _random.Next(2) == 0 ? Pick(_corpus.Tokens) : [(byte)_random.Next(256)]);
    }

    private void Mutate(List<byte> bytes)
    {
        int at = _random.Next(bytes.Count + 1);
        int run = Math.Min(bytes.Count - Math.Min(at, bytes.Count), 1 + _random.Next(_random.Next(2) == 0 ? 8 : 256));
        switch (_random.Next(13))
        {
            case 0 when at < bytes.Count:
                bytes[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when at < bytes.Count:
                bytes[at] = (byte)_random.Next(256);
                break;
            case 2:
                bytes.InsertRange(at, Enumerable.Range(0, 1 + _random.Next(4)).Select(_ => (byte)_random.Next(256)));
                break;
            case 3:
            case 4:
                bytes.InsertRange(at, Pick(_corpus.Tokens));
                break;
            case 5:
                bytes.RemoveRange(Math.Min(at, bytes.Count), run);
                break;
            case 6 when run > 0:
                bytes.InsertRange(at, bytes.GetRange(at, run)); // repeat a run
                break;
            case 7:
                byte[] other = Pick(_corpus.Frames);
                int from = _random.Next(other.Length);
                bytes.InsertRange(at, other.Skip(from).Take(1 + _random.Next(512)));
                break;
            case 8 when bytes.Count > 0:
                bytes.RemoveRange(at, bytes.Count - at); // cut short
                break;
            case 9:
                ReplaceNumber(bytes, at);
                break;
            case 10:
                ChangeLineEnd(bytes, at);
                break;
            case 11:
                for (int i = at; i < at + run; i++)
                {
                    if (char.IsAsciiLetter((char)bytes[i]))
                    {
                        bytes[i] ^= 0x20; // flip case
                    }
                }

                break;
            default:
                byte[] token = Pick(_corpus.Tokens);
                for (int i = 0; i < token.Length && at + i < bytes.Count; i++)
                {
                    bytes[at + i] = token[i];
                }

                break;
        }
    }

    // Replaces the digits around a position (a Content-Length, a Linger-Time…) with a boundary value.
    private void ReplaceNumber(List<byte> bytes, int at)
    {
        int start = at;
        while (start < bytes.Count && !char.IsAsciiDigit((char)bytes[start]))
        {
            start++;
        }

        int end = start;
        while (end < bytes.Count && char.IsAsciiDigit((char)bytes[end]))
        {
            end++;
        }

        string replacement = _random.Next(3) == 0 && end > start
            ? (long.Parse(Encoding.ASCII.GetString([.. bytes.GetRange(start, Math.Min(end - start, 15))]), CultureInfo.InvariantCulture) + _random.Next(-2, 3)).ToString(CultureInfo.InvariantCulture)
            : Numbers[_random.Next(Numbers.Length)];
        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, Encoding.ASCII.GetBytes(replacement));
    }

    private void ChangeLineEnd(List<byte> bytes, int at)
    {
        int lf = bytes.IndexOf((byte)'\n', Math.Min(at, bytes.Count));
        if (lf < 0)
        {
            return;
        }

        switch (_random.Next(4))
        {
            case 0:
                bytes.Insert(lf, (byte)'\r');
                break;
            case 1:
                bytes.Insert(lf, (byte)'\n'); // an early blank line
                break;
            case 2:
                bytes.RemoveAt(lf);
                break;
            default:
                bytes[lf] = (byte)'\r';
                break;
        }
    }

    private byte[] Pick(IReadOnlyList<byte[]> items) => items[_random.Next(items.Count)];
}
