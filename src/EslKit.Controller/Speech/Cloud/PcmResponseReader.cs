using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace EslKit.Controller.Speech.Cloud;

/// <summary>
/// Reads a streamed body of raw 16-bit little-endian mono PCM and yields it as sample chunks as they arrive
/// (a sample split across two reads is carried over). A silent stream beyond the idle timeout is a timeout.
/// </summary>
internal static class PcmResponseReader
{
    private const int ReadBytes = 6400; // up to 200 ms at 16 kHz per read

    public static async IAsyncEnumerable<ReadOnlyMemory<short>> ReadAsync(
        Stream body, CloudRequestScope scope, TimeSpan idleTimeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var idle = new IdleTimeout(idleTimeout, scope.Time, cancellationToken);
        byte[] buffer = new byte[ReadBytes + 1];
        int carry = 0;
        while (true)
        {
            int read = await ReadOnceAsync(body, buffer.AsMemory(carry, ReadBytes), scope, idle, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            idle.Restart();
            int total = carry + read;
            int whole = total & ~1;
            if (whole > 0)
            {
                short[] samples = new short[whole / 2];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(buffer.AsSpan(2 * i, 2));
                }

                scope.FirstOutput();
                yield return samples;
            }

            carry = total - whole;
            if (carry == 1)
            {
                buffer[0] = buffer[whole];
            }
        }

        if (carry != 0)
        {
            throw scope.Fail(new SpeechProviderException(scope.Provider, SpeechProviderFailure.BadResponse, $"{scope.Service} sent audio that ends in the middle of a 16-bit sample."));
        }
    }

    private static async ValueTask<int> ReadOnceAsync(Stream body, Memory<byte> destination, CloudRequestScope scope, IdleTimeout idle, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(destination, idle.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (CloudHttp.FromException(scope.Provider, scope.Service, ex, cancellationToken, idle.Expired) is { } failure)
        {
            throw scope.Fail(failure);
        }
    }
}
