using EslKit.Testing.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>
/// The captured FreeSWITCH sessions replayed against the emulator over loopback: the bytes it sends must
/// equal the bytes the real switch sent. Everything FreeSWITCH decides is the emulator's; only what came
/// from elsewhere on the lab switch (calls, gateways, log lines, api bodies that depend on live state) is fed
/// in at the point it appeared.
/// </summary>
public sealed class FixtureReplayTests
{
    [Theory]
    [InlineData("auth-ok")]
    [InlineData("auth-fail")]
    [InlineData("exit")]
    [InlineData("linger-inbound")]
    [InlineData("api-empty-body")]
    [InlineData("api-error")]
    [InlineData("sendevent")]
    public Task Deterministic_sessions_are_byte_exact(string name) => new FixtureReplay(name).RunAsync();

    [Fact]
    public Task Api_status_with_the_status_text_scripted() => new FixtureReplay("api-status")
    {
        Setup = (fs, replay) => fs.SetApiResponse("status", replay.Replies[1].Message.BodyText),
    }.RunAsync();

    [Fact]
    public Task Bgapi_failure_and_client_job_uuid() => new FixtureReplay("bgapi-fail")
    {
        Setup = (fs, replay) =>
        {
            fs.SetApiResponse("originate", "-ERR INVALID_GATEWAY\n");
            fs.SetApiResponse("status", BackgroundJobBody(replay, "status"));
        },
    }.RunAsync();

    [Theory]
    [InlineData("events-plain-body")]
    [InlineData("events-json-body")]
    public Task Background_jobs_and_sendevent_bodies(string name) => new FixtureReplay(name)
    {
        Setup = (fs, replay) => fs.SetApiResponse("status", BackgroundJobBody(replay, "status")),
    }.RunAsync();

    [Fact]
    public Task Per_call_auth_originates_with_hostile_arguments() => new FixtureReplay("bgapi-originate-per-call-auth")
    {
        Setup = (fs, replay) =>
        {
            var bodies = new Queue<string>(replay.Frames.Where(f => f.Message.Event?.RawName == "BACKGROUND_JOB").Select(f => f.Message.Event!.BodyText));
            fs.OnApi("originate", (_, _) => ValueTask.FromResult(bodies.Dequeue()));
        },
    }.RunAsync();

    [Fact]
    public Task Filters_select_exactly_what_freeswitch_delivered() => new FixtureReplay("filter")
    {
        // After the two filters, other events of the same calls must not get through.
        AfterReply = async (i, fs) =>
        {
            if (i == 3)
            {
                foreach (var name in new[] { "CHANNEL_ANSWER", "CHANNEL_HANGUP", "CHANNEL_STATE", "HEARTBEAT" })
                {
                    await fs.PublishAsync(Decoy(fs, name));
                }
            }
        },
    }.RunAsync();

    [Fact]
    public Task Nixevent_and_noevents() => new FixtureReplay("nixevent-noevents")
    {
        AfterReply = async (i, fs) =>
        {
            if (i == 2)
            {
                await fs.PublishAsync(Decoy(fs, "CHANNEL_ANSWER")); // nixed
                await fs.PublishAsync(Decoy(fs, "CHANNEL_HANGUP")); // never subscribed
            }
            else if (i >= 3)
            {
                await fs.PublishAsync(Decoy(fs, "CHANNEL_CREATE")); // after noevents nothing is delivered
            }
        },
    }.RunAsync();

    [Fact]
    public Task Sendmsg_to_channels_and_unknown_uuids() => new FixtureReplay("sendmsg-inbound")
    {
        Setup = (fs, _) =>
        {
            fs.AddChannel("sofia/external/60123456789", Guid.Parse("aba4baa0-402e-4e0a-a50b-86f7655e90df"));
            fs.AddChannel("sofia/external/60123456789", Guid.Parse("1672695e-9868-4725-92b5-197b58ecc0b6"));
        },
        AfterReply = async (i, fs) =>
        {
            if (i >= 2)
            {
                var other = fs.CreateEvent("CHANNEL_EXECUTE").AddHeader("Unique-ID", "11111111-2222-3333-4444-555555555555");
                await fs.PublishAsync(other); // filtered out by Unique-ID
            }

            if (i == 8)
            {
                // FreeSWITCH hangs a channel up when asked to execute an application it does not have.
                await fs.HangupChannelAsync(Guid.Parse("1672695e-9868-4725-92b5-197b58ecc0b6"));
            }
        },
    }.RunAsync();

    [Theory]
    [InlineData("log-data")]
    [InlineData("events-custom-sofia-gateway")]
    [InlineData("events-plain-all")]
    [InlineData("events-json-all")]
    public Task Delivered_streams_reserialise_byte_exact(string name) => new FixtureReplay(name).RunAsync();

    [Theory]
    [InlineData("url-encoding-plain")]
    [InlineData("url-encoding-json")]
    public Task Url_encoding_of_sendevent_echoes(string name) => new FixtureReplay(name)
    {
        ScriptApisFromCapture = true,
        Setup = (fs, replay) =>
        {
            string sendmsg = replay.Packets.Select(FixtureReplay.FirstLine).First(l => l.StartsWith("sendmsg ", StringComparison.Ordinal));
            fs.AddChannel("sofia/external/60123456789", Guid.Parse(sendmsg["sendmsg ".Length..]));
        },
    }.RunAsync();

    [Theory]
    [InlineData("audio-stream-events")]
    [InlineData("audio-stream-serverclose-events")]
    [InlineData("api-large-body")]
    [InlineData("api-show-channels-json")]
    public Task Scripted_api_bodies(string name) => new FixtureReplay(name) { ScriptApisFromCapture = true }.RunAsync();

    [Fact]
    public Task Bgapi_originate_with_the_call_s_events()
    {
        // The originate handler fires the channel events FreeSWITCH fired before the job finished.
        FixtureReplay? replay = null;
        replay = new FixtureReplay("bgapi-originate")
        {
            PublishCaptured = frame => frame.Offset > Job(replay!).Offset,
            Setup = (fs, r) => fs.OnApi("originate", async (request, ct) =>
            {
                foreach (var frame in r.Frames.Where(f => f.IsEvent && f.Offset < Job(r).Offset))
                {
                    await fs.PublishAsync(Captures.ToEmulatorEvent(frame), ct);
                }

                return Job(r).Message.Event!.BodyText;
            }),
        };
        return replay.RunAsync();

        static CapturedFrame Job(FixtureReplay r) => r.Frames.First(f => f.Message.Event?.RawName == "BACKGROUND_JOB");
    }

    private static string BackgroundJobBody(FixtureReplay replay, string command) =>
        replay.Frames.First(f => f.Message.Event?["Job-Command"] == command).Message.Event!.BodyText;

    private static EslEmulatorEvent Decoy(EslSwitchEmulator fs, string name) =>
        fs.CreateEvent(name).AddHeader("Unique-ID", "aba4baa0-0000-4000-8000-000000000000");
}
