using System.Text;

namespace EslKit.Tests.Support;

/// <summary>Splits the bytes a client sent (a fixture's .client.txt) into packets, each with its body.</summary>
public static class ClientPackets
{
    public static List<byte[]> Read(string fixture) => Split(Fixtures.Read($"freeswitch/{fixture}.client.txt"));

    public static List<byte[]> Split(byte[] data)
    {
        var packets = new List<byte[]>();
        int start = 0;
        while (start < data.Length)
        {
            int end = data.AsSpan(start).IndexOf("\n\n"u8);
            if (end < 0)
            {
                throw new InvalidOperationException("Unterminated packet in client bytes.");
            }

            end += start + 2;
            string block = Encoding.UTF8.GetString(data, start, end - start);
            foreach (string line in block.Split('\n'))
            {
                if (line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
                {
                    end += int.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            packets.Add(data[start..end]);
            start = end;
        }

        return packets;
    }
}
