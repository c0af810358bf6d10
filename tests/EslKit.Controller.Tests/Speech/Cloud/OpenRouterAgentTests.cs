using System.Text;
using System.Text.Json;
using EslKit.Controller.Speech;
using EslKit.Controller.Speech.Cloud;
using Microsoft.AspNetCore.Http;

namespace EslKit.Controller.Tests.Speech.Cloud;

/// <summary>
/// The OpenRouter agent against a local server that follows OpenRouter's chat completions API: POST
/// /api/v1/chat/completions with a Bearer key, answered with server-sent events (": OPENROUTER PROCESSING"
/// comments, chat.completion.chunk data lines, errors inside the stream, "data: [DONE]").
/// </summary>
public sealed class OpenRouterAgentTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sentences_come_as_the_model_writes_them_and_the_request_carries_the_conversation()
    {
        var firstSentenceHeard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource<(IHeaderDictionary Headers, string Path, string Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received.TrySetResult((LocalHttpService.Snapshot(context.Request.Headers), context.Request.Path.Value!, await reader.ReadToEndAsync()));
            await StartEvents(context);
            await Send(context, ": OPENROUTER PROCESSING\n\n");
            await Send(context, Chunk("Sure"));
            await Send(context, Chunk(". I can"));
            // The rest is written only once the agent has handed out the first sentence: it streams.
            await firstSentenceHeard.Task.WaitAsync(Wait);
            await Send(context, Chunk(" book that for Tuesday! Anything"));
            await Send(context, ": OPENROUTER PROCESSING\n\n");
            await Send(context, Chunk(" else?"));
            await Send(context, """data: {"id":"gen-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}}""" + "\n\n");
            await Send(context, "data: [DONE]\n\n");
        });
        await using var host = new CloudSpeechHost(Settings(server));
        IConversationAgent agent = host.Get<IConversationAgentFactory>().CreateAgent();

        AgentReply greeting = await agent.GreetAsync();
        var sentences = new List<AgentSentence>();
        await foreach (AgentSentence sentence in agent.StreamReplyAsync("I want to book for Tuesday").WithCancellation(CancellationToken.None))
        {
            sentences.Add(sentence);
            firstSentenceHeard.TrySetResult();
        }

        Assert.Equal("Hello, how can I help you today?", greeting.Text);
        Assert.Equal(["Sure.", "I can book that for Tuesday!", "Anything else?"], sentences.Select(s => s.Text));
        Assert.DoesNotContain(sentences, s => s.EndCall);
        var (headers, path, body) = await received.Task;
        Assert.Equal("/api/v1/chat/completions", path);
        Assert.Equal($"Bearer {CloudSpeechHost.Key}", headers.Authorization.ToString());
        Assert.Equal("EslKit tests", headers["X-Title"].ToString());
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal("test/model", json.RootElement.GetProperty("model").GetString());
        Assert.True(json.RootElement.GetProperty("stream").GetBoolean());
        var messages = json.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Equal("system", messages[0].Item1);
        Assert.Equal(("assistant", "Hello, how can I help you today?"), messages[1]);
        Assert.Equal(("user", "I want to book for Tuesday"), messages[2]);
    }

    [Fact]
    public async Task The_end_call_marker_ends_the_call_and_is_not_spoken_and_the_answer_joins_the_history()
    {
        var second = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpService.StartAsync(async (context, attempt) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            string body = await reader.ReadToEndAsync();
            if (attempt == 2)
            {
                second.TrySetResult(body);
            }

            await StartEvents(context);
            await Send(context, Chunk("Goodbye, thank you for calling. [END"));
            await Send(context, Chunk("_CALL]"));
            await Send(context, "data: [DONE]\n\n");
        });
        await using var host = new CloudSpeechHost(Settings(server));
        IConversationAgent agent = host.Get<IConversationAgentFactory>().CreateAgent();

        AgentReply first = await agent.ReplyAsync("that is all");
        await agent.ReplyAsync("bye");

        Assert.Equal("Goodbye, thank you for calling.", first.Text);
        Assert.True(first.EndCall);
        using JsonDocument json = JsonDocument.Parse(await second.Task.WaitAsync(Wait));
        var contents = json.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal(["that is all", "Goodbye, thank you for calling.", "bye"], contents.Skip(1));
    }

    [Fact]
    public async Task An_error_inside_the_stream_fails_the_reply_with_its_code_after_what_was_already_said()
    {
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            await StartEvents(context);
            await Send(context, Chunk("Let me check. "));
            await Send(context, """data: {"id":"gen-2","object":"chat.completion.chunk","provider":"openai","error":{"code":"server_error","message":"Provider disconnected"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""" + "\n\n");
        });
        await using var host = new CloudSpeechHost(Settings(server));
        IConversationAgent agent = host.Get<IConversationAgentFactory>().CreateAgent();
        var sentences = new List<string>();

        var failure = await Assert.ThrowsAsync<SpeechProviderException>(async () =>
        {
            await foreach (AgentSentence sentence in agent.StreamReplyAsync("is tuesday free"))
            {
                sentences.Add(sentence.Text);
            }
        });

        Assert.Equal(["Let me check."], sentences);
        Assert.Equal(SpeechProviderFailure.Unavailable, failure.Failure);
        Assert.Equal("server_error", failure.ServiceCode);
        Assert.Equal("openrouter:unavailable", failure.Reason);
        host.AssertKeyNeverLogged(failure);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_for_then_the_reply_streams()
    {
        await using var server = await LocalHttpService.StartAsync(async (context, attempt) =>
        {
            if (attempt == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"error":{"code":429,"message":"Rate limit exceeded"}}""");
                return;
            }

            await StartEvents(context);
            await Send(context, Chunk("Yes, Tuesday is free."));
            await Send(context, "data: [DONE]\n\n");
        });
        await using var host = new CloudSpeechHost(Settings(server));

        AgentReply reply = await host.Get<IConversationAgentFactory>().CreateAgent().ReplyAsync("is tuesday free").AsTask().WaitAsync(Wait);

        Assert.Equal("Yes, Tuesday is free.", reply.Text);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_refused_key_is_an_authentication_failure()
    {
        await using var server = await LocalHttpService.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"code":401,"message":"No auth credentials found"}}""");
        });
        await using var host = new CloudSpeechHost(Settings(server));

        var failure = await Assert.ThrowsAsync<SpeechProviderException>(() => host.Get<IConversationAgentFactory>().CreateAgent().ReplyAsync("hello").AsTask().WaitAsync(Wait));

        Assert.Equal(SpeechProviderFailure.Unauthorized, failure.Failure);
        Assert.Equal("401", failure.ServiceCode);
        Assert.Equal(1, server.Requests);
        host.AssertKeyNeverLogged(failure);
    }

    private static string Chunk(string content) =>
        $"data: {{\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"model\":\"test/model\",\"choices\":[{{\"index\":0,\"delta\":{{\"role\":\"assistant\",\"content\":{JsonSerializer.Serialize(content)}}},\"finish_reason\":null}}]}}\n\n";

    private static async Task StartEvents(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync();
    }

    private static async Task Send(HttpContext context, string text)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text));
        await context.Response.Body.FlushAsync();
    }

    private static Dictionary<string, string?> Settings(LocalHttpService server) =>
        CloudSpeechHost.Settings("Speech:OpenRouter",
            ("Speech:Agent", "OpenRouter"),
            ("Speech:OpenRouter:Endpoint", new Uri(server.Address, "api/v1/").ToString()),
            ("Speech:OpenRouter:Model", "test/model"),
            ("Speech:OpenRouter:Title", "EslKit tests"));
}
