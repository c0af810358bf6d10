using System.Buffers;
using System.Text.Json;
using EslKit.Commands;

namespace EslKit.Cli.Commands;

/// <summary>
/// <c>eslkit originate --spec &lt;file|-&gt; --print</c>: reads an originate described as JSON, builds it with
/// EslKit's checks and escaping, and prints the exact command line EslKit would send
/// (<c>bgapi originate …</c>). A value the builder refuses exits with code 2 and a message that names the
/// variable and never shows its value.
/// </summary>
/// <remarks>
/// The spec: <c>{"variables": {name: value}, "secretVariables": [name], "legs": [{"endpoint": "sofia/…",
/// "variables": {…}}], "mode": "sequential"|"simultaneous", "application": "park", "arguments": "…"}</c>,
/// or <c>"extension"</c>/<c>"dialplan"</c>/<c>"context"</c> instead of the application; optionally
/// <c>"uuid"</c> (one leg), <c>"callerIdName"</c>, <c>"callerIdNumber"</c>, <c>"timeout"</c> (seconds), and a
/// <c>"uuid"</c> per leg (each leg of several needs its own).
/// </remarks>
internal static class OriginateCommand
{
    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal)
    {
        "variables", "secretVariables", "legs", "mode", "application", "arguments", "extension", "dialplan", "context",
        "uuid", "callerIdName", "callerIdNumber", "timeout",
    };

    private static readonly HashSet<string> LegLevel = new(StringComparer.Ordinal) { "endpoint", "variables", "uuid" };

    public static async Task<int> RunAsync(string[] args, Func<Stream> openStandardInput, Stream output, TextWriter error, CancellationToken cancellationToken) =>
        await RunAsync(args, openStandardInput, output, error, LiveOptions.PromptPassword, cancellationToken).ConfigureAwait(false);

    public static async Task<int> RunAsync(string[] args, Func<Stream> openStandardInput, Stream output, TextWriter error, Func<string?> promptPassword, CancellationToken cancellationToken)
    {
        string? spec = null;
        bool print = false;
        var live = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--host" or "--port" or "--user" when i + 1 < args.Length:
                    live.Add(args[i]);
                    live.Add(args[++i]);
                    break;
                case "--print":
                    print = true;
                    break;
                case "--spec" when i + 1 < args.Length:
                    spec = spec is null ? args[++i] : throw new UsageException("originate takes one --spec");
                    break;
                default:
                    throw new UsageException($"originate: unexpected argument '{args[i]}'");
            }
        }

        if (spec is null)
        {
            throw new UsageException("originate needs --spec <file|->");
        }

        JsonDocument document;
        try
        {
            var input = spec == "-" ? openStandardInput() : File.OpenRead(spec);
            await using (input.ConfigureAwait(false))
            {
                document = await JsonDocument.ParseAsync(input, default, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"eslkit: cannot read {spec}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (JsonException ex)
        {
            // JsonException's message can quote the text it stopped at, which may be a secret: give the position only.
            await error.WriteLineAsync($"eslkit: originate: the spec is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})").ConfigureAwait(false);
            return ExitCodes.MalformedInput;
        }

        using (document)
        {
            EslOriginate originate;
            try
            {
                originate = Build(document.RootElement);
            }
            catch (SpecException ex)
            {
                await error.WriteLineAsync($"eslkit: originate: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.MalformedInput;
            }
            catch (EslValueRejectedException ex)
            {
                await error.WriteLineAsync($"eslkit: originate refused: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            if (!print)
            {
                return await SendAsync(originate, live, output, error, promptPassword, cancellationToken).ConfigureAwait(false);
            }

            var line = new ArrayBufferWriter<byte>(originate.ArgumentByteCount + 32);
            line.Write("bgapi originate "u8);
            originate.WriteArgumentTo(line);
            line.Write("\n"u8);
            await output.WriteAsync(line.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    // Places the call with bgapi and prints the job's result (+OK <uuid> or -ERR <cause>).
    private static async Task<int> SendAsync(EslOriginate originate, List<string> live, Stream output, TextWriter error, Func<string?> promptPassword, CancellationToken cancellationToken)
    {
        try
        {
            var (options, _) = LiveOptions.Parse([.. live], promptPassword);
            options.CommandTimeout = TimeSpan.FromSeconds(10);
            await using var client = new EslKit.EslClient(options);
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var job = await client.OriginateAsync(originate, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(job.Body.EndsWith('\n') ? job.Body : job.Body + "\n"), cancellationToken).ConfigureAwait(false);
            return job.IsSuccess ? ExitCodes.Ok : ExitCodes.CommandFailed;
        }
        catch (Exception ex) when (Failures.IsReportable(ex))
        {
            return await Failures.ReportAsync(ex, error).ConfigureAwait(false);
        }
    }

    private static EslOriginate Build(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SpecException("the spec must be a JSON object");
        }

        CheckKeys(root, TopLevel, "the spec");
        var secrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("secretVariables", out var secretList))
        {
            if (secretList.ValueKind != JsonValueKind.Array)
            {
                throw new SpecException("secretVariables must be an array of names");
            }

            foreach (var name in secretList.EnumerateArray())
            {
                secrets.Add(name.ValueKind == JsonValueKind.String ? name.GetString()! : throw new SpecException("secretVariables must be an array of names"));
            }
        }

        var builder = EslOriginate.CreateBuilder();
        if (OptionalString(root, "uuid") is { } uuid)
        {
            builder.Uuid(Guid.TryParse(uuid, out var parsed) ? parsed : throw new SpecException("uuid must be a UUID"));
        }

        if (OptionalString(root, "callerIdName") is { } callerIdName)
        {
            builder.CallerIdName(callerIdName);
        }

        if (OptionalString(root, "callerIdNumber") is { } callerIdNumber)
        {
            builder.CallerIdNumber(callerIdNumber);
        }

        if (root.TryGetProperty("timeout", out var timeout))
        {
            builder.Timeout(timeout.ValueKind == JsonValueKind.Number && timeout.TryGetInt32(out int seconds) ? seconds : throw new SpecException("timeout must be a whole number of seconds"));
        }

        foreach (var variable in Variables(root, "variables", secrets))
        {
            builder.Variable(variable);
        }

        if (!root.TryGetProperty("legs", out var legs) || legs.ValueKind != JsonValueKind.Array || legs.GetArrayLength() == 0)
        {
            throw new SpecException("legs must be a non-empty array");
        }

        int index = 0;
        foreach (var leg in legs.EnumerateArray())
        {
            string where = $"legs[{index}]";
            if (leg.ValueKind != JsonValueKind.Object)
            {
                throw new SpecException($"{where} must be an object");
            }

            CheckKeys(leg, LegLevel, where);
            string endpoint = OptionalString(leg, "endpoint", where) ?? throw new SpecException($"{where}.endpoint is missing");
            var legEndpoint = EslEndpoint.Parse(endpoint, $"{where}.endpoint");
            EslVariable[] legVariables = [.. Variables(leg, "variables", secrets, where)];
            if (OptionalString(leg, "uuid", where) is { } legUuid)
            {
                builder.Leg(legEndpoint, Guid.TryParse(legUuid, out var parsedLeg) ? parsedLeg : throw new SpecException($"{where}.uuid must be a UUID"), legVariables);
            }
            else
            {
                builder.Leg(legEndpoint, legVariables);
            }

            index++;
        }

        builder.Mode(OptionalString(root, "mode") switch
        {
            null or "sequential" => EslLegMode.Sequential,
            "simultaneous" => EslLegMode.Simultaneous,
            _ => throw new SpecException("mode must be \"sequential\" or \"simultaneous\""),
        });

        string? application = OptionalString(root, "application");
        string? extension = OptionalString(root, "extension");
        if ((application is null) == (extension is null))
        {
            throw new SpecException("give either application (with arguments) or extension (with dialplan and context)");
        }

        if (application is not null)
        {
            if (root.TryGetProperty("dialplan", out _) || root.TryGetProperty("context", out _))
            {
                throw new SpecException("dialplan and context go with extension, not application");
            }

            builder.Application(application, OptionalString(root, "arguments"));
        }
        else
        {
            if (root.TryGetProperty("arguments", out _))
            {
                throw new SpecException("arguments go with application, not extension");
            }

            builder.Extension(extension!, OptionalString(root, "dialplan"), OptionalString(root, "context"));
        }

        return builder.Build();
    }

    private static List<EslVariable> Variables(JsonElement parent, string property, HashSet<string> secrets, string? where = null)
    {
        var variables = new List<EslVariable>();
        string path = where is null ? property : $"{where}.{property}";
        if (!parent.TryGetProperty(property, out var element))
        {
            return variables;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SpecException($"{path} must be an object of name: value");
        }

        int index = 0;
        foreach (var variable in element.EnumerateObject())
        {
            if (variable.Value.ValueKind != JsonValueKind.String)
            {
                throw new SpecException($"{path}.{Printable(variable.Name, index)} must be a string");
            }

            variables.Add(new EslVariable(variable.Name, variable.Value.GetString()!, secrets.Contains(variable.Name)));
            index++;
        }

        return variables;
    }

    private static string? OptionalString(JsonElement parent, string property, string? where = null)
    {
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw new SpecException($"{(where is null ? property : $"{where}.{property}")} must be a string");
    }

    private static void CheckKeys(JsonElement element, HashSet<string> allowed, string where)
    {
        int index = 0;
        foreach (var property in element.EnumerateObject())
        {
            // An unknown key is most likely a typo, and ignoring it could silently drop a variable.
            if (!allowed.Contains(property.Name))
            {
                throw new SpecException($"{where} has an unknown field '{Printable(property.Name, index)}'");
            }

            index++;
        }
    }

    // A key is echoed only when it is a plain name; anything else could be a pasted secret or control characters.
    private static string Printable(string name, int index) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') ? name : $"#{index}";

    private sealed class SpecException(string message) : Exception(message);
}
