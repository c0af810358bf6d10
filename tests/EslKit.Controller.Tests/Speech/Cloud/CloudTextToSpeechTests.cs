using System.Buffers.Binary;
using System.Text.Json;
using System.Xml.Linq;
using EslKit.Controller.Speech;
using EslKit.Controller.Speech.Cloud;
using Microsoft.AspNetCore.Http;

namespace EslKit.Controller.Tests.Speech.Cloud;

/// <summary>
/// Azure text-to-speech (POST /cognitiveservices/v1, SSML body, X-Microsoft-OutputFormat raw-16khz-16bit-mono-pcm)
/// and ElevenLabs (POST /v1/text-to-speech/{voice_id}/stream?output_format=pcm_16000, xi-api-key, JSON body)
/// against local servers that answer as their documentation says.
/// </summary>
public sealed class CloudTextToSpeechTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Azure_sends_escaped_SSML_for_the_voice_and_streams_the_raw_PCM_back()
    {
        short[] audio = AzureSpeechToTextTests.Tone(8000);
        byte[] pcm = Pcm(audio);
        var received = new TaskCompletionSource<(IHeaderDictionary Headers, string Path, string Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received.TrySetResult((LocalHttpService.Snapshot(context.Request.Headers), context.Request.Path.Value!, await reader.ReadToEndAsync()));
            context.Response.ContentType = "audio/x-wav";
            // Odd-sized pieces: a sample split across two reads must be put together.
            await context.Response.Body.WriteAsync(pcm.AsMemory(0, 1001));
            await context.Response.Body.FlushAsync();
            await context.Response.Body.WriteAsync(pcm.AsMemory(1001));
        });
        await using var host = new CloudSpeechHost(CloudSpeechHost.Settings("Speech:Azure",
            ("Speech:TextToSpeech", "Azure"),
            ("Speech:Azure:Voice", "en-GB-SoniaNeural"),
            ("Speech:Azure:Language", "en-GB"),
            ("Speech:Azure:SpeechToTextEndpoint", new Uri(server.Address, "speech/recognition/conversation/cognitiveservices/v1").ToString()),
            ("Speech:Azure:TextToSpeechEndpoint", new Uri(server.Address, "cognitiveservices/v1").ToString())));
        var tts = host.Get<ITextToSpeech>();

        short[] result = await tts.SynthesizeAsync("Tom & Jerry <break time=\"9s\"/> say hello.").AsTask().WaitAsync(Wait);

        Assert.Equal(audio, result);
        var (headers, path, body) = await received.Task;
        Assert.Equal("/cognitiveservices/v1", path);
        Assert.Equal(CloudSpeechHost.Key, headers["Ocp-Apim-Subscription-Key"].ToString());
        Assert.Equal("raw-16khz-16bit-mono-pcm", headers["X-Microsoft-OutputFormat"].ToString());
        Assert.StartsWith("application/ssml+xml", headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(headers.UserAgent));
        XNamespace ssml = "http://www.w3.org/2001/10/synthesis";
        XElement speak = XElement.Parse(body);
        Assert.Equal(ssml + "speak", speak.Name);
        Assert.Equal("1.0", speak.Attribute("version")?.Value);
        Assert.Equal("en-GB", speak.Attribute(XNamespace.Xml + "lang")?.Value);
        XElement voice = Assert.Single(speak.Elements());
        Assert.Equal(ssml + "voice", voice.Name);
        Assert.Equal("en-GB-SoniaNeural", voice.Attribute("name")?.Value);
        // The text stays text: the markup in it is escaped, not obeyed.
        Assert.Empty(voice.Elements());
        Assert.Equal("Tom & Jerry <break time=\"9s\"/> say hello.", voice.Value);
    }

    [Fact]
    public async Task Azure_that_does_not_answer_in_time_is_a_timeout()
    {
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
            await Task.Delay(Timeout.Infinite, context.RequestAborted));
        var settings = AzureSettings(server);
        settings["Speech:Azure:RequestTimeout"] = "00:00:01";
        settings["Speech:Azure:MaxRetries"] = "0";
        await using var host = new CloudSpeechHost(settings);

        var failure = await Assert.ThrowsAsync<SpeechProviderException>(() => host.Get<ITextToSpeech>().SynthesizeAsync("Hello.").AsTask().WaitAsync(Wait));

        Assert.Equal(SpeechProviderFailure.Timeout, failure.Failure);
        Assert.Equal("azure-tts:timeout", failure.Reason);
    }

    [Fact]
    public async Task A_barge_in_cancels_the_stream_and_the_request()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await context.Response.Body.WriteAsync(new byte[3200]);
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await using var host = new CloudSpeechHost(AzureSettings(server));
        using var bargeIn = new CancellationTokenSource();
        int chunks = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ReadOnlyMemory<short> chunk in host.Get<ITextToSpeech>().StreamAsync("A long reply.", bargeIn.Token))
            {
                chunks++;
                await bargeIn.CancelAsync();
            }
        });

        Assert.Equal(1, chunks);
        await aborted.Task.WaitAsync(Wait);
    }

    [Fact]
    public async Task ElevenLabs_streams_pcm_16000_for_the_voice()
    {
        short[] audio = AzureSpeechToTextTests.Tone(4000);
        var received = new TaskCompletionSource<(IHeaderDictionary Headers, string Path, string Query, string Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received.TrySetResult((LocalHttpService.Snapshot(context.Request.Headers), context.Request.Path.Value!, context.Request.QueryString.Value!, await reader.ReadToEndAsync()));
            context.Response.ContentType = "audio/pcm";
            byte[] pcm = Pcm(audio);
            for (int offset = 0; offset < pcm.Length; offset += 999)
            {
                await context.Response.Body.WriteAsync(pcm.AsMemory(offset, Math.Min(999, pcm.Length - offset)));
                await context.Response.Body.FlushAsync();
            }
        });
        await using var host = new CloudSpeechHost(ElevenLabsSettings(server));

        var result = new List<short>();
        await foreach (ReadOnlyMemory<short> chunk in host.Get<ITextToSpeech>().StreamAsync("Hello, how can I help?"))
        {
            result.AddRange(chunk.ToArray());
        }

        Assert.Equal(audio, result);
        var (headers, path, query, body) = await received.Task;
        Assert.Equal("/v1/text-to-speech/voice_42/stream", path);
        Assert.Equal("?output_format=pcm_16000", query);
        Assert.Equal(CloudSpeechHost.Key, headers["xi-api-key"].ToString());
        Assert.StartsWith("application/json", headers.ContentType.ToString(), StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal("Hello, how can I help?", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("eleven_flash_v2_5", json.RootElement.GetProperty("model_id").GetString());
    }

    [Fact]
    public async Task ElevenLabs_403_is_an_authentication_failure_without_the_key()
    {
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"detail":{"status":"invalid_api_key","message":"Invalid API key"}}""");
        });
        await using var host = new CloudSpeechHost(ElevenLabsSettings(server));

        var failure = await Assert.ThrowsAsync<SpeechProviderException>(() => host.Get<ITextToSpeech>().SynthesizeAsync("Hello.").AsTask().WaitAsync(Wait));

        Assert.Equal(SpeechProviderFailure.Unauthorized, failure.Failure);
        Assert.Equal(403, failure.StatusCode);
        Assert.Equal("invalid_api_key", failure.ServiceCode);
        Assert.Equal(1, server.Requests);
        host.AssertKeyNeverLogged(failure);
    }

    [Fact]
    public async Task ElevenLabs_stream_that_stalls_is_a_timeout_after_the_audio_already_sent()
    {
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            await context.Response.Body.WriteAsync(new byte[640]);
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var settings = ElevenLabsSettings(server);
        settings["Speech:ElevenLabs:StreamIdleTimeout"] = "00:00:01";
        await using var host = new CloudSpeechHost(settings);
        int samples = 0;

        var failure = await Assert.ThrowsAsync<SpeechProviderException>(async () =>
        {
            await foreach (ReadOnlyMemory<short> chunk in host.Get<ITextToSpeech>().StreamAsync("Hello."))
            {
                samples += chunk.Length;
            }
        });

        Assert.Equal(320, samples);
        Assert.Equal(SpeechProviderFailure.Timeout, failure.Failure);
        Assert.Equal("elevenlabs:timeout", failure.Reason);
    }

    private static byte[] Pcm(short[] samples)
    {
        byte[] pcm = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(2 * i), samples[i]);
        }

        return pcm;
    }

    private static Dictionary<string, string?> AzureSettings(LocalHttpService server) =>
        CloudSpeechHost.Settings("Speech:Azure",
            ("Speech:TextToSpeech", "Azure"),
            ("Speech:Azure:SpeechToTextEndpoint", new Uri(server.Address, "speech/recognition/conversation/cognitiveservices/v1").ToString()),
            ("Speech:Azure:TextToSpeechEndpoint", new Uri(server.Address, "cognitiveservices/v1").ToString()));

    private static Dictionary<string, string?> ElevenLabsSettings(LocalHttpService server) =>
        CloudSpeechHost.Settings("Speech:ElevenLabs",
            ("Speech:TextToSpeech", "ElevenLabs"),
            ("Speech:ElevenLabs:Endpoint", server.Address.ToString()),
            ("Speech:ElevenLabs:VoiceId", "voice_42"));
}
