using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>Reads a console feed (Server-Sent Events) in the background as a browser's EventSource would, keeping every event.</summary>
internal sealed class FeedReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly List<SseItem<string>> _events = [];
    private readonly Lock _gate = new();
    private readonly Task _pump;

    private FeedReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _pump = PumpAsync(body);
    }

    /// <summary>Every event so far.</summary>
    public IReadOnlyList<SseItem<string>> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Whether the server has ended the stream.</summary>
    public bool Ended => _pump.IsCompleted;

    /// <summary>Opens <paramref name="path"/>, asserting an event stream.</summary>
    public static async Task<FeedReader> OpenAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new FeedReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Waits (generously) until <paramref name="count"/> events of <paramref name="type"/> have arrived.</summary>
    public async Task WaitForAsync(string type, int count = 1)
    {
        await ConsoleHost.WaitUntilAsync(() => Events.Count(e => e.EventType == type) >= count || Ended, $"{count} '{type}' event(s)");
        Assert.True(Events.Count(e => e.EventType == type) >= count, $"the feed ended after {Events.Count} event(s): {string.Join(", ", Events.Select(e => e.EventType))}");
    }

    /// <summary>Waits until the server ends the stream and returns its last event.</summary>
    public async Task<SseItem<string>> EndAsync(TimeSpan? timeout = null)
    {
        await _pump.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return Events[^1];
    }

    /// <summary>The <c>reason</c> of an <c>ended</c> event.</summary>
    public static string ReasonOf(SseItem<string> ended)
    {
        Assert.Equal("ended", ended.EventType);
        return JsonDocument.Parse(ended.Data).RootElement.GetProperty("reason").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        _response.Dispose();
        try
        {
            await _pump.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or HttpRequestException)
        {
            // Closed by us.
        }
    }

    private async Task PumpAsync(Stream body)
    {
        await Task.Yield();
        await foreach (var item in SseParser.Create(body).EnumerateAsync())
        {
            lock (_gate)
            {
                _events.Add(item);
            }
        }
    }
}
