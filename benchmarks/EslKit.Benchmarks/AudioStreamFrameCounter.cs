using System.Net.WebSockets;
using System.Runtime.InteropServices;
using EslKit.AudioStream;
using Microsoft.AspNetCore.Http;

namespace EslKit.Benchmarks;

/// <summary>
/// The benchmark's handlers: each frame's energy (a sum of squares, what a VAD does first), then a count; a
/// signal when a target count is reached.
/// </summary>
internal sealed class AudioStreamFrameCounter : IDisposable
{
    private long _frames;
    private long _target = long.MaxValue;
    private long _dropped;
    private long _sessions;
    private long _energy;

    /// <summary>Frames consumed since <see cref="Expect"/>.</summary>
    public long Frames => Volatile.Read(ref _frames);

    /// <summary>Frames the endpoint dropped (queue full), added as sessions end.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Handlers running.</summary>
    public long Sessions => Volatile.Read(ref _sessions);

    /// <summary>Set when <see cref="Frames"/> reaches the target given to <see cref="Expect"/>.</summary>
    public ManualResetEventSlim Reached { get; } = new();

    /// <summary>Counts from zero again and sets <see cref="Reached"/> at <paramref name="target"/> frames.</summary>
    public void Expect(long target)
    {
        Reached.Reset();
        Volatile.Write(ref _target, target);
        Volatile.Write(ref _frames, 0);
    }

    /// <summary>The MapAudioStream handler.</summary>
    public async Task RunAsync(AudioStreamSession session, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sessions);
        long energy = 0;
        try
        {
            await foreach (var frame in session.Frames.ReadAllAsync(CancellationToken.None))
            {
                energy += Energy(frame.Samples);
                frame.Dispose();
                Count();
            }
        }
        finally
        {
            Interlocked.Add(ref _dropped, session.FramesDropped);
            Interlocked.Add(ref _energy, energy);
            Interlocked.Decrement(ref _sessions);
        }
    }

    /// <summary>The baseline: the runtime's WebSocket, one buffer, no checks, no queue.</summary>
    public async Task RunRawAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        long energy = 0;
        Interlocked.Increment(ref _sessions);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    break;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    energy += Energy(MemoryMarshal.Cast<byte, short>(buffer.AsSpan(0, result.Count)));
                    Count();
                }
            }
        }
        catch (WebSocketException)
        {
            // The client went away: the count stands.
        }
        finally
        {
            Interlocked.Add(ref _energy, energy);
            Interlocked.Decrement(ref _sessions);
        }
    }

    public void Dispose() => Reached.Dispose();

    private void Count()
    {
        if (Interlocked.Increment(ref _frames) == Volatile.Read(ref _target))
        {
            Reached.Set();
        }
    }

    private static long Energy(ReadOnlySpan<short> samples)
    {
        long sum = 0;
        foreach (short sample in samples)
        {
            sum += sample * sample;
        }

        return sum;
    }
}
