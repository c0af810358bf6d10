using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using EslKit.Protocol;

namespace EslKit.Cli.Commands;

/// <summary>
/// <c>eslkit decode &lt;file|-&gt;</c>: reads raw ESL bytes as FreeSWITCH sent them and prints one JSON
/// object per frame, then a summary (frames by content type, events by name, throughput).
/// </summary>
internal static class DecodeCommand
{
    public static async Task<int> RunAsync(string[] args, Stream output, TextWriter error, CancellationToken cancellationToken)
    {
        string? path = null;
        bool summaryOnly = false;
        foreach (string arg in args)
        {
            switch (arg)
            {
                case "--summary-only":
                    summaryOnly = true;
                    break;
                case "-":
                    path = arg;
                    break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        throw new UsageException($"decode: unknown option '{arg}'");
                    }

                    path = path is null ? arg : throw new UsageException("decode takes one input");
                    break;
            }
        }

        if (path is null)
        {
            throw new UsageException("decode needs a file, or - for standard input");
        }

        Stream input;
        try
        {
            input = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"eslkit: cannot read {path}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        await using (input.ConfigureAwait(false))
        {
            using var decoder = new FrameDecoder(output, summaryOnly);
            try
            {
                await decoder.DecodeAsync(PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024)), cancellationToken).ConfigureAwait(false);
                decoder.WriteSummary(null);
                return ExitCodes.Ok;
            }
            catch (EslProtocolException ex)
            {
                decoder.WriteSummary(ex);
                await error.WriteLineAsync($"eslkit: malformed input: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.MalformedInput;
            }
        }
    }

    private sealed class FrameDecoder(Stream output, bool summaryOnly) : IDisposable
    {
        private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        private readonly SortedDictionary<string, int> _contentTypes = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, int> _events = new(StringComparer.Ordinal);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _frames;
        private long _bytes;

        public async Task DecodeAsync(PipeReader pipe, CancellationToken cancellationToken)
        {
            using var reader = new EslFrameReader();
            while (true)
            {
                var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (reader.TryReadFrame(ref buffer, out var frame))
                    {
                        Record(frame);
                    }

                    _bytes = reader.Position;
                    if (result.IsCompleted)
                    {
                        reader.Complete(buffer);
                        _bytes += buffer.Length;
                        return;
                    }
                }
                finally
                {
                    pipe.AdvanceTo(buffer.Start, buffer.End);
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public void WriteSummary(EslProtocolException? failure)
        {
            double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
            _json.WriteStartObject();
            _json.WriteStartObject("summary");
            _json.WriteNumber("frames", _frames);
            _json.WriteNumber("bytes", _bytes);
            WriteCounts("contentTypes", _contentTypes);
            WriteCounts("events", _events);
            _json.WriteNumber("elapsedMs", Math.Round(_clock.Elapsed.TotalMilliseconds, 3));
            _json.WriteNumber("megabytesPerSecond", Math.Round(_bytes / seconds / 1e6, 1));
            _json.WriteNumber("framesPerSecond", Math.Round(_frames / seconds));
            if (failure is not null)
            {
                _json.WriteStartObject("error");
                _json.WriteString("kind", failure.Error.ToString());
                _json.WriteNumber("offset", failure.Offset);
                _json.WriteString("message", failure.Message);
                _json.WriteEndObject();
            }

            _json.WriteEndObject();
            _json.WriteEndObject();
            EndLine();
        }

        private void Record(in EslFrame frame)
        {
            _frames++;
            string type = frame.ContentType switch
            {
                EslContentType.None => "(none)",
                _ => Encoding.UTF8.GetString(frame.RawContentType),
            };
            Increment(_contentTypes, type);
            EslEvent? @event = frame.TryGetEvent(out var view) ? view.ToEvent() : null;
            if (@event is not null)
            {
                Increment(_events, @event.Subclass is null ? @event.RawName : $"{@event.RawName} {@event.Subclass}");
            }

            if (summaryOnly)
            {
                return;
            }

            var message = frame.ToMessage();
            _json.WriteStartObject();
            _json.WriteNumber("offset", frame.Offset);
            _json.WriteString("contentType", type);
            WriteHeaders(message.Headers);
            if (@event is not null)
            {
                _json.WriteStartObject("event");
                _json.WriteString("format", @event.Format.ToString().ToLowerInvariant());
                _json.WriteString("name", @event.RawName);
                if (@event.Subclass is not null)
                {
                    _json.WriteString("subclass", @event.Subclass);
                }

                WriteHeaders(@event.Headers);
                WriteBody(@event.Body.Span);
                _json.WriteEndObject();
            }
            else
            {
                WriteBody(frame.Body);
            }

            _json.WriteEndObject();
            EndLine();
        }

        private void WriteHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
        {
            _json.WriteStartObject("headers");
            foreach (var (name, value) in headers)
            {
                _json.WriteString(name, value);
            }

            _json.WriteEndObject();
        }

        private void WriteBody(ReadOnlySpan<byte> body)
        {
            _json.WriteNumber("bodyLength", body.Length);
            if (body.IsEmpty)
            {
                return;
            }

            if (System.Text.Unicode.Utf8.IsValid(body))
            {
                _json.WriteString("body", body);
            }
            else
            {
                _json.WriteBase64String("bodyBase64", body);
            }
        }

        private void WriteCounts(string name, SortedDictionary<string, int> counts)
        {
            _json.WriteStartObject(name);
            foreach (var (key, count) in counts)
            {
                _json.WriteNumber(key, count);
            }

            _json.WriteEndObject();
        }

        private void EndLine()
        {
            _json.Flush();
            output.Write("\n"u8);
            _json.Reset();
        }

        public void Dispose() => _json.Dispose();

        private static void Increment(SortedDictionary<string, int> counts, string key) =>
            counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;
    }
}
