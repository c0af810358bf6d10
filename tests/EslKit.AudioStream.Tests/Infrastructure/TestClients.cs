using System.Net.WebSockets;
using System.Text;

namespace EslKit.AudioStream.Tests.Infrastructure;

/// <summary>System.Net.WebSockets clients for the behaviour tests, and deterministic audio.</summary>
internal static class TestClients
{
    public static async Task<ClientWebSocket> ConnectAsync(AudioStreamTestHost host, string path)
    {
        var client = new ClientWebSocket();
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(Wait.Limit);
        await client.ConnectAsync(host.WebSocketUri(path), timeout.Token);
        return client;
    }

    public static Task SendTextAsync(this ClientWebSocket client, string text) =>
        client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public static async Task SendFramesAsync(this ClientWebSocket client, int count, int size = 640, int first = 0)
    {
        for (int i = first; i < first + count; i++)
        {
            await client.SendAsync(Frame(i, size), WebSocketMessageType.Binary, true, CancellationToken.None);
        }
    }

    /// <summary>A frame whose bytes say which frame it is.</summary>
    public static byte[] Frame(int index, int size = 640)
    {
        var frame = new byte[size];
        for (int i = 0; i < size; i++)
        {
            frame[i] = (byte)(index * 31 + i);
        }

        return frame;
    }

    /// <summary>Reads until the server's close (text messages collected), answers it, and returns its code and reason.</summary>
    public static async Task<(WebSocketCloseStatus? Status, string? Description, List<string> Texts)> ReadUntilCloseAsync(this ClientWebSocket client)
    {
        var texts = new List<string>();
        var buffer = new byte[1 << 20];
        using var timeout = new CancellationTokenSource(Wait.Limit);
        while (true)
        {
            int received = 0;
            WebSocketReceiveResult result;
            do
            {
                result = await client.ReceiveAsync(new ArraySegment<byte>(buffer, received, buffer.Length - received), timeout.Token);
                received += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (client.State == WebSocketState.CloseReceived)
                {
                    await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                }

                return (client.CloseStatus, client.CloseStatusDescription, texts);
            }

            if (result.MessageType == WebSocketMessageType.Text)
            {
                texts.Add(Encoding.UTF8.GetString(buffer, 0, received));
            }
        }
    }

    /// <summary>Closes from the client side, as the module's <c>stop</c> does, and waits for the echo.</summary>
    public static async Task CloseLikeTheModuleAsync(this ClientWebSocket client)
    {
        using var timeout = new CancellationTokenSource(Wait.Limit);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "Normal closure", timeout.Token);
    }
}
