using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;

namespace EslKit.Controller.Speech.Cloud.Azure;

/// <summary>
/// A request body that is a WAV file still being recorded: the header, then the samples as they are appended, sent
/// with chunked transfer encoding while the caller speaks and finished when the utterance ends. The audio is kept,
/// so a retried request (after a 429 or a 503) sends it again from the start.
/// </summary>
/// <remarks>
/// The header's RIFF and data sizes are 0xFFFFFFFF (the streaming convention: the length is unknown when the header
/// is sent); the body ends with the last chunk. Append and Complete come from one writer; any number of sends read.
/// </remarks>
internal sealed class StreamingWavContent : HttpContent
{
    private const int HeaderBytes = 44;

    private readonly Lock _gate = new();
    private byte[] _bytes = new byte[64 * 1024];
    private int _length;
    private bool _completed;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamingWavContent(int sampleRate)
    {
        WriteHeader(_bytes, sampleRate);
        _length = HeaderBytes;
        Headers.TryAddWithoutValidation("Content-Type", $"audio/wav; codecs=audio/pcm; samplerate={sampleRate}");
    }

    /// <summary>Appends samples (16-bit mono) to the body; readers waiting for more are woken.</summary>
    public void Append(ReadOnlySpan<short> samples)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            int needed = _length + (samples.Length * 2);
            if (needed > _bytes.Length)
            {
                // Readers may still hold the old array: its first _length bytes never change, so it is left to them.
                byte[] larger = new byte[Math.Max(needed, _bytes.Length * 2)];
                _bytes.AsSpan(0, _length).CopyTo(larger);
                _bytes = larger;
            }

            Span<byte> destination = _bytes.AsSpan(_length, samples.Length * 2);
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(samples).CopyTo(destination);
            }
            else
            {
                for (int i = 0; i < samples.Length; i++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(destination[(2 * i)..], samples[i]);
                }
            }

            _length = needed;
            changed = Swap();
        }

        changed.TrySetResult();
    }

    /// <summary>No more audio: the body ends once what was appended has been sent.</summary>
    public void Complete()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _completed = true;
            changed = Swap();
        }

        changed.TrySetResult();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        int sent = 0;
        while (true)
        {
            byte[] bytes;
            int length;
            bool completed;
            Task changed;
            lock (_gate)
            {
                bytes = _bytes;
                length = _length;
                completed = _completed;
                changed = _changed.Task;
            }

            if (sent < length)
            {
                // Each piece is flushed as its own chunk: the service decodes while the caller is still speaking.
                await stream.WriteAsync(bytes.AsMemory(sent, length - sent), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                sent = length;
                continue;
            }

            if (completed)
            {
                return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private TaskCompletionSource Swap()
    {
        TaskCompletionSource changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return changed;
    }

    private static void WriteHeader(Span<byte> header, int sampleRate)
    {
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], uint.MaxValue);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], uint.MaxValue);
    }
}
