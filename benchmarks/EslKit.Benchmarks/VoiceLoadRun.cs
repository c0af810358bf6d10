using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EslKit.AudioStream;
using EslKit.Controller;
using EslKit.Controller.Calls;
using EslKit.Controller.Calls.Voice;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Demo;
using EslKit.Controller.Speech;
using EslKit.Controller.Speech.Scripted;
using EslKit.Controller.Storage;
using EslKit.Controller.Tenants;
using EslKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EslKit.Benchmarks;

/// <summary>
/// <c>voice-load [--calls N] [--tenants T] [--decoders D]</c>: the whole controller (dispatcher, outbound sessions, its web server
/// with the audio endpoint, the offline providers) on an embedded PostgreSQL, with the switch emulator in this process
/// playing N answered calls at once (T trial tenants of N/T numbers each, every tenant's limit of 3 at a time).
/// Each caller waits for the greeting, asks for an appointment and, after the answer, for the opening hours; every
/// fourth caller talks over the first answer instead (a barge-in), and every fourth other coughs over it (a false
/// interruption: the answer resumes). Decoders: the default pool unless <c>--decoders</c>. The controller's own histograms are collected:
/// end-of-speech decision → the reply's PLAYBACK_START (response latency), barge-in decision → uuid_break answered,
/// speech onset → uuid_break answered, answer → first agent audio; p50/p99 are printed.
/// </summary>
internal static class VoiceLoadRun
{
    private static readonly string[] Instruments =
    [
        "eslkit.controller.voice.response.latency",
        "eslkit.controller.voice.transcript.latency",
        "eslkit.controller.voice.agent.latency",
        "eslkit.controller.voice.tts.latency",
        "eslkit.controller.voice.playback.latency",
        "eslkit.controller.voice.barge_in.latency",
        "eslkit.controller.voice.barge_in.onset_latency",
        "eslkit.controller.voice.answer_to_first_audio",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        int calls = Option(args, "--calls", 12);
        int tenants = Option(args, "--tenants", Math.Max(1, (calls + 2) / 3));
        int decoders = Option(args, "--decoders", 0);
        long framesDropped = 0, framesReceived = 0, speechLost = 0;
        var samples = Instruments.ToDictionary(name => name, _ => new List<double>());
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (samples.ContainsKey(instrument.Name) || instrument.Name is "eslkit.audiostream.frames.dropped" or "eslkit.audiostream.frames.received" or "eslkit.controller.voice.speech_lost")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "eslkit.audiostream.frames.dropped":
                    Interlocked.Add(ref framesDropped, value);
                    break;
                case "eslkit.audiostream.frames.received":
                    Interlocked.Add(ref framesReceived, value);
                    break;
                case "eslkit.controller.voice.speech_lost":
                    Interlocked.Add(ref speechLost, value);
                    break;
                default:
                    break;
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (samples)
            {
                samples[instrument.Name].Add(value);
            }
        });
        listener.Start();

        // Beside the demo's (./.data, ignored by git): the embedded cluster's postgres user must reach it (a root-only temp dir it cannot).
        string data = Path.Combine(Environment.CurrentDirectory, ".data", "voice-load");
        using var logging = LoggerFactory.Create(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning));
        await using var database = await ControllerDatabase.OpenAsync(new StorageOptions { DataDirectory = data, DatabaseName = "voice_load" }, logging, CancellationToken.None);
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { Password = "ClueCon", SessionsPerSecond = 100, MaxSessions = 1000 });
        fs.Calls.AddGateway("trunk");
        fs.AudioStreams.TelephoneBand = false; // the callers' sentences are put through G.711 once, below

        // Scripts: greeting room, a request, room for the answer, a second request, room, hang up.
        var script = ScriptedAgentOptions.AppointmentDesk();
        script.Greeting = "Hello, how can I help you?";
        int webPort = FreePort(), socketPort = FreePort();
        var web = WebApplication.CreateSlimBuilder();
        web.WebHost.UseUrls($"http://127.0.0.1:{webPort}");
        web.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        web.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Secrets:Keys:k1"] = Convert.ToBase64String(new byte[32]),
            ["Secrets:CurrentKeyId"] = "k1",
            ["Routing:SharedGateway"] = "trunk",
            ["Routing:SharedGatewayConcurrencyLimit"] = "1000",
            ["Routing:SocketHost"] = "127.0.0.1",
            ["Routing:SocketPort"] = Text(socketPort),
            ["Dispatcher:IdlePollMilliseconds"] = "100",
            ["Dispatcher:HealthCheckSeconds"] = "1",
            ["Nodes:0:Name"] = "fs1",
            ["Nodes:0:Host"] = "127.0.0.1",
            ["Nodes:0:Port"] = Text(fs.Port),
            ["Nodes:0:Password"] = fs.Password,
            ["Nodes:0:CallsPerSecond"] = "50",
            ["Nodes:0:MaxSessions"] = "1000",
            ["Calls:AudioStreamPort"] = Text(webPort),
        });
        if (decoders > 0)
        {
            web.Configuration["Speech:PocketSphinx:MaxDecoders"] = Text(decoders); // else the default pool
        }

        web.Services.AddEslKitController(web.Configuration, database.DataSource);
        web.Services.AddSingleton<IConversationAgentFactory>(new ScriptedAgentFactory(script));
        web.Services.AddControllerVoice(web.Configuration);
        web.Services.AddControllerCalls(web.Configuration);
        await using var app = web.Build();
        app.MapControllerVoice();
        await app.StartAsync();
        await using (var reset = database.DataSource.CreateCommand("TRUNCATE users RESTART IDENTITY CASCADE"))
        {
            await reset.ExecuteNonQueryAsync(); // every run starts empty
        }

        // The engines warmed (decoders loaded, the grammar compiled) before the first call, as a controller that has been up a moment.
        var warmUp = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SpeechWarmUp>().Single();
        await (warmUp.ExecuteTask ?? Task.CompletedTask);
        var voice = app.Services.GetRequiredService<ITextToSpeech>();
        byte[] book = TelephoneLine.Carry(await voice.SynthesizeAsync("I would like to book an appointment"), voice.SampleRate);
        byte[] hours = TelephoneLine.Carry(await voice.SynthesizeAsync("what are your opening hours"), voice.SampleRate);
        var talker = new EslCallerScript().Pause(TimeSpan.FromSeconds(4)).Say(book, 8000).Pause(TimeSpan.FromSeconds(5)).Say(hours, 8000).Pause(TimeSpan.FromSeconds(7)).ThenHangUp();
        var interrupter = new EslCallerScript().Pause(TimeSpan.FromSeconds(4)).Say(book, 8000).Pause(TimeSpan.FromSeconds(1.2)).Say(hours, 8000).Pause(TimeSpan.FromSeconds(7)).ThenHangUp();
        var cougher = new EslCallerScript().Pause(TimeSpan.FromSeconds(4)).Say(book, 8000).Pause(TimeSpan.FromSeconds(1.2)).Say(Cough(), 8000).Pause(TimeSpan.FromSeconds(6)).Say(hours, 8000).Pause(TimeSpan.FromSeconds(7)).ThenHangUp();

        var started = DateTime.UtcNow;
        var campaigns = new List<long>();
        for (int t = 0; t < tenants; t++)
        {
            var tenant = await app.Services.GetRequiredService<TenantService>().CreateAsync(new NewTenant($"load{t}", AccountType.Trial), default);
            var numbers = Enumerable.Range(0, calls).Where(i => i % tenants == t).Select(i => string.Create(CultureInfo.InvariantCulture, $"6012{i:D7}")).ToList();
            foreach (string number in numbers)
            {
                fs.Calls.SetOutcome(number, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(60)));
                fs.AudioStreams.SetCaller(number, (int.Parse(number[^7..], CultureInfo.InvariantCulture) % 4) switch { 2 => interrupter, 3 => cougher, _ => talker });
            }

            var service = app.Services.GetRequiredService<CampaignService>();
            var campaign = await service.CreateAsync(new NewCampaign(tenant.Id, "load", 1, null, new CallingWindow(TimeOnly.MinValue, TimeOnly.MaxValue)), default);
            await app.Services.GetRequiredService<NumberImporter>().ImportAsync(tenant.Id, campaign.Id, NumberListReader.FromList(numbers.Select(n => "+" + n)), default);
            await service.StartAsync(tenant.Id, campaign.Id, default);
            campaigns.Add(campaign.Id);
        }

        while (await Pending(database.DataSource, campaigns) > 0 && DateTime.UtcNow - started < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(500);
        }

        await Task.Delay(2000); // the last summaries
        await app.StopAsync();
        var pool = app.Services.GetRequiredService<ISpeechToText>() as EslKit.Controller.Speech.PocketSphinx.PocketSphinxSpeechToText;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"voice-load: {calls} calls ({tenants} trial tenants, 3 at a time each) in {(DateTime.UtcNow - started).TotalSeconds:0.0} s; {Environment.ProcessorCount} cores"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"frames received {framesReceived}, dropped {framesDropped}; speech not recognised (waited for a decoder too long) {speechLost} ms; decoders made {pool?.DecoderCount} (limit {(decoders > 0 ? decoders : Environment.ProcessorCount * 8)})"));
        Console.WriteLine("| stage | samples | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, values) in samples)
        {
            values.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name["eslkit.controller.voice.".Length..]} | {values.Count} | {Percentile(values, 0.50):0.0} | {Percentile(values, 0.99):0.0} | {(values.Count == 0 ? 0 : values[^1]):0.0} |"));
        }

        await using (var summary = database.DataSource.CreateCommand(
            "SELECT count(*), sum(turns), sum(interrupted_replies), sum(false_interruptions), count(*) FILTER (WHERE voice_end_reason LIKE '%failed%') FROM call_logs"))
        await using (var reader = await summary.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"call logs {reader.GetInt64(0)}, turns {Value(reader, 1)}, interrupted replies {Value(reader, 2)}, false interruptions {Value(reader, 3)}, provider failures {reader.GetInt64(4)}"));
        }

        return 0;
    }

    private static string Value(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? "0" : reader.GetInt64(column).ToString(CultureInfo.InvariantCulture);

    private static async Task<long> Pending(NpgsqlDataSource dataSource, List<long> campaigns)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM campaign_items WHERE campaign_id = ANY($1) AND state IN ('pending', 'retry', 'dialing', 'answered')");
        command.Parameters.Add(new() { Value = campaigns.ToArray() });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    // 250 ms of loud noise with a fast decay (a cough), as L16 bytes at 8 kHz.
    private static byte[] Cough()
    {
        var random = new Random(11);
        var samples = new short[2000];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)((random.NextDouble() * 2 - 1) * 12_000 * Math.Exp(-3.0 * i / samples.Length));
        }

        var bytes = new byte[samples.Length * 2];
        Pcm16.WriteLittleEndian(samples, bytes);
        return bytes;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
