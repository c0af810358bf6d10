using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Speech.Cloud.OpenRouter;

/// <summary>
/// One call's agent on OpenRouter's chat completions API (OpenAI-compatible), streamed as server-sent events: the
/// reply is cut into sentences as tokens arrive, so the first sentence is synthesised while the model still writes.
/// The model ends the call by writing <see cref="OpenRouterOptions.EndCallMarker"/>.
/// </summary>
/// <remarks>
/// Calls on one agent come one at a time (the conversation's history is its state). Failures, including errors the
/// service reports inside the stream, are <see cref="SpeechProviderException"/>s (provider <c>openrouter</c>);
/// cancelling the token (a barge-in) aborts the request, and what was already said stays in the history.
/// </remarks>
public sealed class OpenRouterAgent : IConversationAgent
{
    /// <summary>The named HttpClient (with its resilience pipeline) this agent uses.</summary>
    public const string HttpClientName = "EslKit.Speech.OpenRouter";

    internal const string Provider = "openrouter";
    private const string Service = "OpenRouter chat completions";
    private const string Inaudible = "(inaudible)";

    private readonly HttpClient _client;
    private readonly OpenRouterOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<KeyValuePair<string, string>> _history = [];

    internal OpenRouterAgent(HttpClient client, OpenRouterOptions options, ILogger logger, TimeProvider time)
    {
        _client = client;
        _options = options;
        _logger = logger;
        _time = time;
    }

    /// <summary>Null: the model takes free speech.</summary>
    public SpeechGrammar? Grammar => null;

    /// <inheritdoc />
    public ValueTask<AgentReply> GreetAsync(CancellationToken cancellationToken = default) =>
        CollectAsync(StreamGreetingAsync(cancellationToken), cancellationToken);

    /// <inheritdoc />
    public ValueTask<AgentReply> ReplyAsync(string transcript, CancellationToken cancellationToken = default) =>
        CollectAsync(StreamReplyAsync(transcript, cancellationToken), cancellationToken);

    /// <summary>The configured greeting at once (no request), or the model's when none is configured.</summary>
    public IAsyncEnumerable<AgentSentence> StreamGreetingAsync(CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(_options.Greeting))
        {
            return StreamAsync(null, cancellationToken);
        }

        _history.Add(new("assistant", _options.Greeting));
        return AgentReplyStreams.Split(ValueTask.FromResult(new AgentReply(_options.Greeting, EndCall: false)));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AgentSentence> StreamReplyAsync(string transcript, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return StreamAsync(transcript.Length == 0 ? Inaudible : transcript, cancellationToken);
    }

    private async IAsyncEnumerable<AgentSentence> StreamAsync(string? said, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (said is not null)
        {
            AddHistory("user", said);
        }

        var spoken = new StringBuilder();
        using var scope = new CloudRequestScope(Provider, Service, "chat", _logger, _time);
        try
        {
            using HttpRequestMessage request = BuildRequest();
            using HttpResponseMessage response = await scope.SendAsync(_client, request, cancellationToken).ConfigureAwait(false);
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using var reader = new StreamReader(body, Encoding.UTF8);
                using var idle = new IdleTimeout(_options.StreamIdleTimeout, _time, cancellationToken);
                var pending = new StringBuilder();
                bool endCall = false;
                bool done = false;
                while (!done)
                {
                    string? line = await ReadLineAsync(reader, scope, idle, cancellationToken).ConfigureAwait(false);
                    if (line is null)
                    {
                        break;
                    }

                    idle.Restart();

                    // Server-sent events: ": OPENROUTER PROCESSING" comments keep the connection alive; only data lines matter.
                    if (!line.StartsWith("data:", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    string data = line[5..].Trim();
                    if (data == "[DONE]")
                    {
                        done = true;
                        continue;
                    }

                    string? delta = ParseChunk(data, scope);
                    if (string.IsNullOrEmpty(delta))
                    {
                        continue;
                    }

                    scope.FirstOutput();
                    pending.Append(delta);
                    while (TakeSentence(pending) is { } taken)
                    {
                        (string sentence, bool marked) = RemoveMarker(taken);
                        endCall |= marked;
                        if (sentence.Length > 0)
                        {
                            spoken.Append(sentence).Append(' ');
                            yield return new AgentSentence(sentence, EndCall: false);
                        }
                    }
                }

                if (!done)
                {
                    throw scope.Fail(new SpeechProviderException(Provider, SpeechProviderFailure.Unavailable, $"{Service} ended the stream before [DONE]."));
                }

                (string rest, bool restMarked) = RemoveMarker(pending.ToString());
                endCall |= restMarked;
                scope.Complete();
                if (rest.Length > 0)
                {
                    spoken.Append(rest);
                    yield return new AgentSentence(rest, endCall);
                }
                else if (endCall)
                {
                    yield return new AgentSentence(string.Empty, EndCall: true);
                }
            }
        }
        finally
        {
            // What was handed out to be spoken is the agent's turn, even when a barge-in cut the stream.
            if (spoken.Length > 0)
            {
                AddHistory("assistant", spoken.ToString().Trim());
            }
        }
    }

    private static async ValueTask<string?> ReadLineAsync(StreamReader reader, CloudRequestScope scope, IdleTimeout idle, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(idle.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (CloudHttp.FromException(Provider, Service, ex, cancellationToken, idle.Expired) is { } failure)
        {
            throw scope.Fail(failure);
        }
    }

    /// <summary>
    /// The text of one chunk (<c>choices[0].delta.content</c>). An <c>error</c> object or a <c>finish_reason</c> of
    /// <c>error</c> is the service reporting a failure after the stream began (HTTP status 200).
    /// </summary>
    private static string? ParseChunk(string data, CloudRequestScope scope)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(data);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw scope.Fail(new SpeechProviderException(Provider, SpeechProviderFailure.BadResponse, $"{Service} sent a chunk that is not a JSON object."));
            }

            if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
            {
                string? code = error.TryGetProperty("code", out JsonElement c) ? (c.ValueKind == JsonValueKind.Number ? c.GetRawText() : c.ValueKind == JsonValueKind.String ? c.GetString() : null) : null;
                throw scope.Fail(new SpeechProviderException(Provider, SpeechProviderFailure.Unavailable, $"{Service} reported an error in the stream.")
                {
                    ServiceCode = code is { Length: > 0 and <= 64 } && code.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.') ? code : null,
                });
            }

            if (!root.TryGetProperty("choices", out JsonElement choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                return null; // e.g. the last chunk carrying only usage
            }

            JsonElement choice = choices[0];
            if (choice.TryGetProperty("finish_reason", out JsonElement finish) && finish.ValueKind == JsonValueKind.String && finish.GetString() == "error")
            {
                throw scope.Fail(new SpeechProviderException(Provider, SpeechProviderFailure.Unavailable, $"{Service} ended the answer with an error."));
            }

            return choice.TryGetProperty("delta", out JsonElement delta) && delta.ValueKind == JsonValueKind.Object
                && delta.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String
                ? content.GetString()
                : null;
        }
        catch (JsonException ex)
        {
            throw scope.Fail(new SpeechProviderException(Provider, SpeechProviderFailure.BadResponse, $"{Service} sent a chunk that is not valid JSON.", innerException: ex));
        }
    }

    /// <summary>Removes and returns the first whole sentence ('.', '!' or '?' followed by white space), if there is one yet.</summary>
    internal static string? TakeSentence(StringBuilder pending)
    {
        for (int i = 0; i + 1 < pending.Length; i++)
        {
            if (pending[i] is '.' or '!' or '?' && char.IsWhiteSpace(pending[i + 1]))
            {
                string sentence = pending.ToString(0, i + 1).Trim();
                pending.Remove(0, i + 2);
                return sentence;
            }
        }

        return null;
    }

    private (string Text, bool EndCall) RemoveMarker(string text)
    {
        string marker = _options.EndCallMarker;
        bool found = !string.IsNullOrEmpty(marker) && text.Contains(marker, StringComparison.OrdinalIgnoreCase);
        if (found)
        {
            text = text.Replace(marker, " ", StringComparison.OrdinalIgnoreCase);
        }

        return (string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), found);
    }

    private void AddHistory(string role, string content)
    {
        _history.Add(new(role, content));
        int excess = _history.Count - _options.MaxHistoryMessages;
        if (excess > 0)
        {
            _history.RemoveRange(0, excess);
        }
    }

    private HttpRequestMessage BuildRequest()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", _options.Model);
            json.WriteBoolean("stream", true);
            json.WriteNumber("max_tokens", _options.MaxTokens);
            json.WriteNumber("temperature", _options.Temperature);
            json.WriteStartArray("messages");
            WriteMessage(json, "system", _options.SystemPrompt);
            foreach ((string role, string content) in _history)
            {
                WriteMessage(json, role, content);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.Endpoint, "chat/completions"))
        {
            Content = new ByteArrayContent(buffer.ToArray()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (!string.IsNullOrEmpty(_options.Referer))
        {
            request.Headers.TryAddWithoutValidation("HTTP-Referer", _options.Referer);
        }

        if (!string.IsNullOrEmpty(_options.Title))
        {
            request.Headers.TryAddWithoutValidation("X-Title", _options.Title);
        }

        return request;
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }

    private static async ValueTask<AgentReply> CollectAsync(IAsyncEnumerable<AgentSentence> sentences, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        bool endCall = false;
        await foreach (AgentSentence sentence in sentences.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (sentence.Text.Length > 0)
            {
                text.Append(text.Length > 0 ? " " : string.Empty).Append(sentence.Text);
            }

            endCall |= sentence.EndCall;
        }

        return new AgentReply(text.ToString(), endCall);
    }
}
