using System.Buffers;
using System.Text;
using EslKit.Protocol;

namespace EslKit.Testing.Tests.Support;

/// <summary>One frame of a capture, with its exact bytes and position.</summary>
public sealed record CapturedFrame(long Offset, byte[] Bytes, EslMessage Message)
{
    public long End => Offset + Bytes.Length;

    public EslContentType Type => Message.ContentType;

    public bool IsReply => Type is EslContentType.CommandReply or EslContentType.ApiResponse;

    public bool IsEvent => Message.Event is not null;

    /// <summary>True for events the connection's own command made (BACKGROUND_JOB, sendevent echoes).</summary>
    public bool IsOwnEvent => Message.Event?["Event-Calling-File"] == "mod_event_socket.c";
}

/// <summary>Reads the fixtures: frames of a .fs.bin, packets of a .client.txt, events as emulator events.</summary>
public static class Captures
{
    public static List<CapturedFrame> Frames(byte[] data)
    {
        var frames = new List<CapturedFrame>();
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(data);
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            long end = data.Length - buffer.Length;
            frames.Add(new CapturedFrame(frame.Offset, data[(int)frame.Offset..(int)end], frame.ToMessage()));
        }

        Assert.Equal(data.Length, data.Length - buffer.Length + buffer.Length);
        return frames;
    }

    /// <summary>Splits what a client sent into packets: header block up to a blank line, then Content-Length body bytes.</summary>
    public static List<byte[]> Packets(byte[] data)
    {
        var packets = new List<byte[]>();
        int pos = 0;
        while (pos < data.Length)
        {
            while (pos < data.Length && (data[pos] == '\r' || data[pos] == '\n'))
            {
                pos++;
            }

            if (pos >= data.Length)
            {
                break;
            }

            int end = data.AsSpan(pos).IndexOf("\n\n"u8);
            Assert.True(end >= 0, "a client packet without its blank line");
            end += pos + 2;
            int length = 0;
            foreach (string line in Encoding.UTF8.GetString(data, pos, end - pos).Split('\n'))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Equals("content-length", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line[(colon + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            packets.Add(data[pos..(end + length)]);
            pos = end + length;
        }

        return packets;
    }

    /// <summary>
    /// An event frame as the emulator event that serialises back to it: the decoded headers in order, without
    /// the Content-Length FreeSWITCH's serialiser appends for the body, and the body.
    /// </summary>
    public static EslEmulatorEvent ToEmulatorEvent(CapturedFrame frame)
    {
        var ev = frame.Message.Event ?? throw new ArgumentException("not an event frame", nameof(frame));
        var headers = ev.Headers.ToList();
        string? body = null;
        bool hasBody = ev.Format switch
        {
            EslEventFormat.Plain => ev.Body.Length > 0,
            EslEventFormat.Json => frame.Message.BodyText.Contains("\"_body\":", StringComparison.Ordinal),
            _ => ev.Body.Length > 0,
        };
        if (hasBody)
        {
            Assert.Equal("Content-Length", headers[^1].Key);
            headers.RemoveAt(headers.Count - 1);
            body = ev.BodyText;
        }

        return EslEmulatorEvent.FromHeaders(headers, body);
    }

    public static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
