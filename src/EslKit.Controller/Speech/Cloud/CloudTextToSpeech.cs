using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Speech.Cloud;

/// <summary>What the cloud text-to-speech services share: checking the text, one request streamed as PCM, collecting it whole.</summary>
internal static class CloudTextToSpeech
{
    /// <summary>Refuses empty or over-long text the way <see cref="ITextToSpeech"/> says (ArgumentException).</summary>
    public static void CheckText(string text, int maxLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.Length > maxLength)
        {
            throw new ArgumentException($"The text is {text.Length} characters long; at most {maxLength} are synthesised at once.", nameof(text));
        }
    }

    /// <summary>Sends the request (built when enumeration starts) and yields the response's 16-bit PCM as it arrives.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<short>> StreamAsync(
        HttpClient client, Func<HttpRequestMessage> buildRequest, string provider, string service, ILogger logger, TimeProvider time,
        TimeSpan idleTimeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (var scope = new CloudRequestScope(provider, service, "synthesize", logger, time))
        using (HttpRequestMessage request = buildRequest())
        {
            using HttpResponseMessage response = await scope.SendAsync(client, request, cancellationToken).ConfigureAwait(false);
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                await foreach (ReadOnlyMemory<short> chunk in PcmResponseReader.ReadAsync(body, scope, idleTimeout, cancellationToken).ConfigureAwait(false))
                {
                    yield return chunk;
                }
            }

            scope.Complete();
        }
    }

    /// <summary>All of a stream's audio in one array.</summary>
    public static async ValueTask<short[]> CollectAsync(IAsyncEnumerable<ReadOnlyMemory<short>> chunks, CancellationToken cancellationToken)
    {
        var all = new List<short>(16_000);
        await foreach (ReadOnlyMemory<short> chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            all.AddRange(chunk.Span);
        }

        return [.. all];
    }
}
