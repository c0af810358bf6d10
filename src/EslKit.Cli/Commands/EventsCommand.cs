using System.Text.Json;
using EslKit.Commands;
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
        var names = new List<EslEventName>();
        var subclasses = new List<string>();
        EslEventFormat? format = null;
        try
        {
            var (options, _) = LiveOptions.Parse(args, promptPassword, rest => ParseNames(rest, names, subclasses, ref format));
            options.EventFormat = format ?? options.EventFormat;
            await using var client = new EslClient(options);
            await using var events = client.OpenEventStream(options: new EslSubscriptionOptions { Capacity = 100_000, FullMode = EslBufferFullMode.DropOldest });
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await client.RequestEventsAsync(Requested(names, subclasses), subclasses, cancellationToken).ConfigureAwait(false);
            return await PrintAsync(events, output, error, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failures.IsReportable(ex))
        {
            return await Failures.ReportAsync(ex, error).ConfigureAwait(false);
        }
    }

    // Names are event types (default ALL); the words after CUSTOM are subclasses. The event command is built
    // once here, so a name or subclass EslKit refuses exits 2 before anything is sent.
    private static void ParseNames(List<string> rest, List<EslEventName> names, List<string> subclasses, ref EslEventFormat? format)
    {
        bool custom = false;
        for (int i = 0; i < rest.Count; i++)
        {
            if (rest[i] == "--format")
            {
                format = ++i < rest.Count && Enum.TryParse<EslEventFormat>(rest[i], ignoreCase: true, out var parsed) && parsed != EslEventFormat.Xml
                    ? parsed
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

        _ = EslCommands.Event(EslEventFormat.Plain, [.. Requested(names, subclasses)], [.. subclasses]);
    }

    private static IEnumerable<EslEventName> Requested(List<EslEventName> names, List<string> subclasses) =>
        names.Where(n => n != EslEventName.Custom || subclasses.Count == 0);

    private static async Task<int> PrintAsync(EslSubscription<EslEvent> events, Stream output, TextWriter error, CancellationToken cancellationToken)
    {
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
