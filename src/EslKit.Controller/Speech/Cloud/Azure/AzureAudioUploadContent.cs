using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;

namespace EslKit.Controller.Speech.Cloud.Azure;

/// <summary>
/// The request body of a streaming recognition: whatever the utterance writes into the pipe (a WAV header, then
/// PCM as the caller speaks) copied to the connection as it comes, sent chunked (no length is known up front).
/// </summary>
internal sealed class AzureAudioUploadContent : HttpContent
{
    private readonly PipeReader _audio;

    public AzureAudioUploadContent(PipeReader audio)
    {
        _audio = audio;
        Headers.ContentType = MediaTypeHeaderValue.Parse("audio/wav; codecs=audio/pcm; samplerate=16000");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                ReadResult result = await _audio.ReadAsync(cancellationToken).ConfigureAwait(false);
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                {
                    await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                }

                // Each piece goes out at once (a chunk on the wire), so the service hears the caller as they speak.
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                _audio.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        finally
        {
            await _audio.CompleteAsync().ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
