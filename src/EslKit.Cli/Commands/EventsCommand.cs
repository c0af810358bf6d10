using System.Text.Json;
using EslKit.Connections;
using EslKit.Protocol;

namespace EslKit.Cli.Commands;

/// <summary>
/// <c>eslkit events [--format plain|json] [names…]</c>: a live tail of events, one JSON line each, until
/// interrupted. Names are event types (default ALL); <c>CUSTOM sub::class…</c> names CUSTOM subclasses.
/// </summary>
internal static class EventsCommand
{
    public static async Task<int> RunAsync(string[] args, Stream output, TextWriter error, Func<string?> promptPassword, CancellationToken cancellationToken)
    {
        var (options, rest) = LiveOptions.Parse(args, promptPassword);
        var names = new List<EslEventName>();
        var subclasses = new List<string>();
        bool custom = false;
        for (int i = 0; i < rest.Count; i++)
        {
            if (rest[i] == "--format")
            {
                options.EventFormat = ++i < rest.Count && Enum.TryParse<EslEventFormat>(rest[i], ignoreCase: true, out var format) && format != EslEventFormat.Xml
                    ? format
                    : throw new UsageException("--format is plain or json");
                continue;
            }

            if (custom)
            {
                subclasses.Add(rest[i]);
                continue;
            }

            var name = EslEventNames.Parse(rest[i]);
            if (name == EslEventName.Unknown)
            {
                throw new UsageException($"'{rest[i]}' is not a FreeSWITCH event name");
            }

            custom = name == EslEventName.Custom;
            names.Add(name);
        }

        if (names.Count == 0)
        {
            names.Add(EslEventName.All);
        }

        await using var client = new EslClient(options);
        await using var events = client.OpenEventStream(options: new EslSubscriptionOptions { Capacity = 100_000, FullMode = EslBufferFullMode.DropOldest });
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await client.RequestEventsAsync(names.Where(n => n != EslEventName.Custom || subclasses.Count == 0), subclasses, cancellationToken).ConfigureAwait(false);
        }
        catch (EslException ex)
        {
            await error.WriteLineAsync($"eslkit: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.ConnectionFailed;
        }

        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        try
        {
            await foreach (var e in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                json.WriteStartObject();
                json.WriteString("event", e.RawName);
                if (e.Subclass is not null)
                {
                    json.WriteString("subclass", e.Subclass);
                }

                json.WriteStartObject("headers");
                foreach (var (header, value) in e.Headers)
                {
                    json.WriteString(header, value);
                }

                json.WriteEndObject();
                if (!e.Body.IsEmpty)
                {
                    json.WriteString("body", e.BodyText);
                }

                json.WriteEndObject();
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                await output.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                json.Reset();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        await error.WriteLineAsync("eslkit: the connection to FreeSWITCH ended").ConfigureAwait(false);
        return ExitCodes.ConnectionFailed;
    }
}
