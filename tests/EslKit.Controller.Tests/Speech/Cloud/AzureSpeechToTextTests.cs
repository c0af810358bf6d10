using System.Buffers.Binary;
using System.Text;
using EslKit.Controller.Speech;
using EslKit.Controller.Speech.Cloud;
using Microsoft.AspNetCore.Http;

namespace EslKit.Controller.Tests.Speech.Cloud;

/// <summary>
/// Azure speech-to-text against a local server that follows the REST API for short audio: POST
/// /speech/recognition/conversation/cognitiveservices/v1?language=…&amp;format=detailed, the key in
/// Ocp-Apim-Subscription-Key, a WAV body sent chunked with Expect: 100-continue, a JSON result.
/// </summary>
public sealed class AzureSpeechToTextTests
{
    private const string Path = "/speech/recognition/conversation/cognitiveservices/v1";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Audio_is_uploaded_chunked_while_the_caller_speaks_and_the_detailed_result_is_the_transcript()
    {
        short[] audio = Tone(16_000); // one second
        var firstAudioArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource<(IHeaderDictionary Headers, string Path, string Query, byte[] Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            var body = new MemoryStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                body.Write(buffer, 0, read);
                if (body.Length >= 44 + 3200)
                {
                    firstAudioArrived.TrySetResult();
                }
            }

            received.TrySetResult((LocalHttpService.Snapshot(context.Request.Headers), context.Request.Path.Value!, context.Request.QueryString.Value!, body.ToArray()));
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync("""
                {"RecognitionStatus":"Success","Offset":1800000,"Duration":8400000,"NBest":[{"Confidence":0.97,"Lexical":"i would like to book an appointment","ITN":"i would like to book an appointment","MaskedITN":"i would like to book an appointment","Display":"I would like to book an appointment."}]}
                """);
        });
        await using var host = new CloudSpeechHost(Settings(server));
        var engine = host.Get<ISpeechToText>();

        await using ISpeechUtterance utterance = await engine.BeginUtteranceAsync(grammar: null);
        await utterance.WriteAsync(audio.AsMemory(0, 3200));
        // The service has the first 200 ms before the caller stops speaking: the upload streams.
        await firstAudioArrived.Task.WaitAsync(Wait);
        for (int offset = 3200; offset < audio.Length; offset += 320)
        {
            await utterance.WriteAsync(audio.AsMemory(offset, 320));
        }

        SpeechTranscript transcript = await utterance.EndAsync().AsTask().WaitAsync(Wait);

        Assert.Equal("I would like to book an appointment.", transcript.Text);
        Assert.Equal(TimeSpan.FromSeconds(1), transcript.AudioDuration);
        var (headers, path, query, bodyBytes) = await received.Task;
        Assert.Equal(Path, path);
        Assert.Equal("?language=en-US&format=detailed", query);
        Assert.Equal(CloudSpeechHost.Key, headers["Ocp-Apim-Subscription-Key"].ToString());
        Assert.Equal("audio/wav; codecs=audio/pcm; samplerate=16000", headers.ContentType.ToString());
        Assert.Equal("chunked", headers.TransferEncoding.ToString());
        Assert.Equal("100-continue", headers.Expect.ToString());
        Assert.Equal("application/json", headers.Accept.ToString());
        Assert.Equal(audio, ReadWav(bodyBytes));
    }

    [Fact]
    public async Task NoMatch_is_an_empty_transcript()
    {
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            await Drain(context);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"RecognitionStatus":"NoMatch","Offset":0,"Duration":0}""");
        });
        await using var host = new CloudSpeechHost(Settings(server));

        SpeechTranscript transcript = await RecogniseAsync(host.Get<ISpeechToText>(), Tone(4000));

        Assert.True(transcript.IsEmpty);
    }

    [Fact]
    public async Task A_refused_key_is_an_authentication_failure_not_retried_and_never_shown()
    {
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint."}}""");
        });
        await using var host = new CloudSpeechHost(Settings(server));

        var failure = await Assert.ThrowsAsync<SpeechProviderException>(() => RecogniseAsync(host.Get<ISpeechToText>(), Tone(4000)));

        Assert.Equal(SpeechProviderFailure.Unauthorized, failure.Failure);
        Assert.Equal(401, failure.StatusCode);
        Assert.Equal("azure-stt:unauthorized", failure.Reason);
        Assert.Equal(1, server.Requests);
        host.AssertKeyNeverLogged(failure);
    }

    [Fact]
    public async Task A_429_with_a_short_Retry_After_is_waited_for_and_the_whole_utterance_sent_again()
    {
        short[] audio = Tone(8000);
        byte[]? retried = null;
        await using var server = await LocalHttpService.StartAsync(async (context, attempt) =>
        {
            if (attempt == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            retried = await Drain(context);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"RecognitionStatus":"Success","DisplayText":"Hello there."}""");
        });
        await using var host = new CloudSpeechHost(Settings(server));

        SpeechTranscript transcript = await RecogniseAsync(host.Get<ISpeechToText>(), audio);

        Assert.Equal("Hello there.", transcript.Text);
        Assert.Equal(2, server.Requests);
        Assert.Equal(audio, ReadWav(retried!));
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_allowed_fails_at_once_as_rate_limited()
    {
        await using var server = await LocalHttpService.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "30";
            return Task.CompletedTask;
        });
        await using var host = new CloudSpeechHost(Settings(server));

        var failure = await Assert.ThrowsAsync<SpeechProviderException>(() => RecogniseAsync(host.Get<ISpeechToText>(), Tone(4000)));

        Assert.Equal(SpeechProviderFailure.RateLimited, failure.Failure);
        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task An_abandoned_utterance_aborts_its_request()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            started.TrySetResult();
            try
            {
                await Drain(context);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
            {
                aborted.TrySetResult();
            }
        });
        await using var host = new CloudSpeechHost(Settings(server));
        ISpeechUtterance utterance = await host.Get<ISpeechToText>().BeginUtteranceAsync(null);
        await utterance.WriteAsync(Tone(3200));
        await started.Task.WaitAsync(Wait);

        await utterance.DisposeAsync();

        await aborted.Task.WaitAsync(Wait);
    }

    internal static short[] Tone(int samples)
    {
        short[] tone = new short[samples];
        for (int i = 0; i < samples; i++)
        {
            tone[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 16_000.0));
        }

        return tone;
    }

    private static async Task<SpeechTranscript> RecogniseAsync(ISpeechToText engine, short[] audio)
    {
        await using ISpeechUtterance utterance = await engine.BeginUtteranceAsync(null);
        for (int offset = 0; offset < audio.Length; offset += 320)
        {
            await utterance.WriteAsync(audio.AsMemory(offset, Math.Min(320, audio.Length - offset)));
        }

        return await utterance.EndAsync().AsTask().WaitAsync(Wait);
    }

    private static async Task<byte[]> Drain(HttpContext context)
    {
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        return body.ToArray();
    }

    /// <summary>The samples of a streamed WAV: RIFF/WAVE, PCM mono 16 kHz 16-bit, then the data chunk to the end of the body.</summary>
    private static short[] ReadWav(byte[] wav)
    {
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(wav, 8, 4));
        Assert.Equal("fmt ", Encoding.ASCII.GetString(wav, 12, 4));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(16_000, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        Assert.Equal("data", Encoding.ASCII.GetString(wav, 36, 4));
        short[] samples = new short[(wav.Length - 44) / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(44 + (2 * i)));
        }

        return samples;
    }

    private static Dictionary<string, string?> Settings(LocalHttpService server) =>
        CloudSpeechHost.Settings("Speech:Azure",
            ("Speech:SpeechToText", "Azure"),
            ("Speech:Azure:SpeechToTextEndpoint", new Uri(server.Address, Path.TrimStart('/')).ToString()),
            ("Speech:Azure:TextToSpeechEndpoint", new Uri(server.Address, "cognitiveservices/v1").ToString()));
}
