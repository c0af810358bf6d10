using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using EslKit.Shared;

namespace EslKit.AudioStream.Tests.Infrastructure;

/// <summary>
/// One of the fixtures' mod_audio_stream captures: what the real module sent (<c>.fs.bin</c>: the upgrade request,
/// then masked frames), cut into its frames with their exact bytes, and the decoded files beside it.
/// </summary>
internal sealed class ModuleCapture
{
    private ModuleCapture(string basePath)
    {
        BasePath = basePath;
        Bytes = File.ReadAllBytes(basePath + ".fs.bin");
        Request = File.ReadAllBytes(basePath + ".request.txt");
        ServerBytes = File.ReadAllBytes(basePath + ".server.bin");
        Audio = File.ReadAllBytes(basePath + ".audio.raw");
        TextFrames = File.ReadAllLines(basePath + ".text-frames.txt", Encoding.UTF8).Where(l => l.Length > 0).ToArray();
        Table = File.ReadAllLines(basePath + ".frames.tsv").Skip(1)
            .Select(line => line.Split('\t'))
            .Select(c => new FrameRow(int.Parse(c[0], CultureInfo.InvariantCulture), c[1] == "1", int.Parse(c[2], CultureInfo.InvariantCulture), c[3] == "1", int.Parse(c[4], CultureInfo.InvariantCulture)))
            .ToArray();
        Frames = Split(Bytes, Request.Length);
    }

    public string BasePath { get; }

    /// <summary>Exactly what the module sent.</summary>
    public byte[] Bytes { get; }

    /// <summary>The upgrade request alone.</summary>
    public byte[] Request { get; }

    /// <summary>What the lab's WebSocket server sent back (the 101 response, its frames).</summary>
    public byte[] ServerBytes { get; }

    /// <summary>The binary payloads, concatenated.</summary>
    public byte[] Audio { get; }

    /// <summary>The text frames, in order.</summary>
    public string[] TextFrames { get; }

    /// <summary>frames.tsv: one row per frame the module sent.</summary>
    public FrameRow[] Table { get; }

    /// <summary>The frames after the request, each with its exact (masked) bytes and its unmasked payload.</summary>
    public IReadOnlyList<CapturedFrame> Frames { get; }

    /// <summary>The path of the upgrade request (<c>/stream</c>, <c>/audio/&lt;uuid&gt;</c>).</summary>
    public string Path => Encoding.ASCII.GetString(Request).Split(' ')[1];

    /// <summary>The Sec-WebSocket-Key of the upgrade request.</summary>
    public string Key => Header(Encoding.ASCII.GetString(Request), "Sec-WebSocket-Key");

    public static ModuleCapture Load(string folder, string name) => new(System.IO.Path.Combine(RepositoryPaths.Fixtures(), folder, name));

    /// <summary>A header's value in an HTTP head (names case-insensitive, optional space after the colon).</summary>
    public static string Header(string head, string name)
    {
        foreach (string line in head.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        throw new KeyNotFoundException($"No {name} header in: {head}");
    }

    private static List<CapturedFrame> Split(byte[] bytes, int start)
    {
        var frames = new List<CapturedFrame>();
        int at = start;
        while (at < bytes.Length)
        {
            int opcode = bytes[at] & 0x0F;
            long length = bytes[at + 1] & 0x7F;
            int header = 2;
            if (length == 126)
            {
                length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 2));
                header = 4;
            }
            else if (length == 127)
            {
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(at + 2));
                header = 10;
            }

            var mask = bytes.AsSpan(at + header, 4);
            var payload = new byte[length];
            for (int i = 0; i < length; i++)
            {
                payload[i] = (byte)(bytes[at + header + 4 + i] ^ mask[i & 3]);
            }

            int size = header + 4 + (int)length;
            frames.Add(new CapturedFrame(opcode, payload, bytes.AsSpan(at, size).ToArray()));
            at += size;
        }

        return frames;
    }
}

/// <summary>A row of frames.tsv.</summary>
internal readonly record struct FrameRow(int Milliseconds, bool Fin, int Opcode, bool Masked, int PayloadLength);

/// <summary>A frame the module sent: its opcode, unmasked payload and exact bytes on the wire.</summary>
internal sealed record CapturedFrame(int Opcode, byte[] Payload, byte[] Raw)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}
