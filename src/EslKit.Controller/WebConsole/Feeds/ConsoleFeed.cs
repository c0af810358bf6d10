using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EslKit.Controller.WebConsole.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.WebConsole.Feeds;

/// <summary>
/// A console live feed (Server-Sent Events): the current value as JSON every interval while the page is open, for as
/// long as the session that opened it lasts. The feed ends with an <c>ended</c> event (<see cref="FeedEnd"/>) as soon as
/// its session is signed out (at once), its key is replaced or its tenant deactivated (checked every interval, as each
/// page request is), or its cookie expires; it ends quietly when its value says it is the last or the page goes away.
/// </summary>
internal static class ConsoleFeed
{
    /// <summary>How long the browser waits before reconnecting a feed that dropped.</summary>
    public static readonly TimeSpan Reconnection = TimeSpan.FromSeconds(3);

    /// <summary>The feed for the signed-in <paramref name="context"/>: <paramref name="first"/>, then <paramref name="read"/> every interval.</summary>
    public static async Task<IResult> ServeAsync<T>(HttpContext context, T first, Func<CancellationToken, Task<T>> read, Func<T, bool> isLast, string eventName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        var interval = TimeSpan.FromMilliseconds(options.ProgressIntervalMilliseconds);
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var time = services.GetRequiredService<TimeProvider>();

        // When the session's cookie expires. Opening the feed is use of the session like any request: past half its
        // life the cookie handler renews it on this very response (its sliding rule), and then it lasts from now.
        var session = (await context.AuthenticateAsync(ConsoleDefaults.Scheme)).Properties;
        var expires = session?.ExpiresUtc;
        var now = time.GetUtcNow();
        if (session?.IssuedUtc is { } issued && expires is { } at && now - issued > at - now)
        {
            expires = now + TimeSpan.FromMinutes(options.SessionMinutes);
        }

        var lifetime = new FeedLifetime(context, expires, services.GetRequiredService<ConsoleSessions>(), services.GetRequiredService<ConsoleSignIn>(), time);
        return TypedResults.ServerSentEvents(StreamAsync(lifetime, first, read, isLast, eventName, interval, json, context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync<T>(
        FeedLifetime lifetime, T first, Func<CancellationToken, Task<T>> read, Func<T, bool> isLast, string eventName, TimeSpan interval, JsonSerializerOptions json, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (lifetime)
        {
            var value = first;
            while (true)
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(value, json), eventName) { ReconnectionInterval = Reconnection };
                if (isLast(value))
                {
                    yield break;
                }

                string? ended = null;
                try
                {
                    await Task.Delay(interval, lifetime.Time, lifetime.Token).ConfigureAwait(false);
                    if (await lifetime.IsStillValidAsync(cancellationToken).ConfigureAwait(false))
                    {
                        value = await read(lifetime.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        ended = FeedEnd.Revoked;
                    }
                }
                catch (OperationCanceledException)
                {
                    ended = lifetime.WhyEnded();
                }

                if (ended is null)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        yield break; // the page went away
                    }

                    continue;
                }

                yield return new SseItem<string>(JsonSerializer.Serialize(new FeedEnd(ended), json), FeedEnd.EventName) { ReconnectionInterval = Reconnection };
                yield break;
            }
        }
    }
}
