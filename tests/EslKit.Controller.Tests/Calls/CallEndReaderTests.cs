using EslKit.Controller.Calls;
using EslKit.Controller.Tests.Nodes;

namespace EslKit.Controller.Tests.Calls;

/// <summary>Call ends read from the real captures' CHANNEL_HANGUP_COMPLETE (fixtures/freeswitch-calls).</summary>
public sealed class CallEndReaderTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_answered_call_gives_its_billsec_times_cause_and_sip_status()
    {
        // call-outcomes: 601100003 answers and the callee hangs up after 3 s.
        var hangup = CaptureFrames.Events(CaptureFrames.Load("freeswitch-calls", "call-outcomes.fs.bin"), EslEventName.ChannelHangupComplete)
            .Single(e => e["Channel-Name"] == "sofia/external/601100003");

        var end = CallEndReader.Read(hangup, "lab", Now);

        Assert.NotNull(end);
        Assert.Equal(Guid.Parse("d5921411-f798-48a2-8556-bdeffaeaf67d"), end.CallId);
        Assert.Equal(1, end.Attempt);
        Assert.Equal(Guid.Parse("962ec426-21af-4e13-9ff2-f94dee0fa652"), end.ChannelUuid);
        Assert.Equal((3, 3, "NORMAL_CLEARING", "200", "lab"), (end.DurationSeconds, end.Billsec, end.HangupCause, end.SipStatus, end.Node));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(1796500134035965 * 10), end.AnsweredAt);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(1796500137055907 * 10), end.EndedAt);
    }

    [Fact]
    public void Failed_calls_give_their_cause_and_no_answer_time()
    {
        var hangups = CaptureFrames.Events(CaptureFrames.Load("freeswitch-calls", "call-outcomes.fs.bin"), EslEventName.ChannelHangupComplete)
            .Where(e => e["Channel-Name"]?.StartsWith("sofia/external/", StringComparison.Ordinal) == true)
            .Select(e => CallEndReader.Read(e, null, Now))
            .Where(e => e is { AnsweredAt: null })
            .Select(e => (e!.HangupCause, e.SipStatus, e.Billsec))
            .ToList();

        Assert.Equal(
            [("USER_BUSY", "486", 0), ("CALL_REJECTED", "603", 0), ("UNALLOCATED_NUMBER", "404", 0), ("NORMAL_TEMPORARY_FAILURE", "503", 0), ("NO_ANSWER", null, 0)],
            hangups);
    }

    [Fact]
    public void What_an_inbound_subscriber_hears_of_a_socket_call_is_enough_for_its_call_log()
    {
        // call-socket-session-inbound: the controller's call as another instance's inbound connection hears it.
        var hangup = CaptureFrames.Events(CaptureFrames.Load("freeswitch-calls", "call-socket-session-inbound.fs.bin"), EslEventName.ChannelHangupComplete)
            .Single(e => e["variable_eslkit_call_id"] is not null);

        var end = CallEndReader.Read(hangup, "lab", Now);

        Assert.NotNull(end);
        Assert.Equal(1, end.Attempt);
        Assert.NotNull(end.AnsweredAt);
        Assert.True(end.Billsec > 0);
        Assert.InRange((end.EndedAt - end.AnsweredAt!.Value).TotalSeconds, end.Billsec - 1, end.Billsec + 1);
        Assert.True(CallIdentity.TryRead(hangup, out var identity));
        Assert.Equal((7L, 3L), (identity.TenantId, identity.CampaignId));
    }

    [Fact]
    public void Read_from_the_received_bytes_every_captured_end_is_what_the_materialised_event_gives()
    {
        // The inbound connection reads ends without copying the event (every instance hears every call's end); the
        // session reads the materialised event. Both must give the same end for every hangup the captures hold.
        int ours = 0, others = 0;
        foreach (string capture in (string[])["call-outcomes", "call-socket-session", "call-socket-session-inbound", "failover-uuid", "pro-failover", "throttle"])
        {
            using var reader = new EslKit.Protocol.EslFrameReader();
            var buffer = new System.Buffers.ReadOnlySequence<byte>(CaptureFrames.Load("freeswitch-calls", capture + ".fs.bin"));
            while (reader.TryReadFrame(ref buffer, out var frame))
            {
                if (!frame.TryGetEvent(out var view) || view.Name != EslEventName.ChannelHangupComplete)
                {
                    continue;
                }

                var expected = CallEndReader.Read(view.ToEvent(), "lab", Now);
                bool read = CallEndReader.TryRead(ref view, "lab", Now, out var end);
                Assert.Equal(expected is not null, read);
                Assert.Equal(expected, end);
                _ = read ? ours++ : others++;
            }
        }

        Assert.True(ours >= 8 && others >= 3, $"{ours} of our ends and {others} others compared");
    }

    [Fact]
    public void Times_past_the_calendar_are_no_times_for_either_reader()
    {
        // A channel variable is whatever the dialplan set: a 19-digit uepoch overflowed the tick count and threw,
        // ending the session's write of the call before its log.
        string body =
            "Event-Name: CHANNEL_HANGUP_COMPLETE\nUnique-ID: 962ec426-21af-4e13-9ff2-f94dee0fa652\nHangup-Cause: NORMAL_CLEARING\n" +
            "variable_eslkit_call_id: d5921411-f798-48a2-8556-bdeffaeaf67d\nvariable_eslkit_attempt: 2\nvariable_eslkit_tenant: 7\n" +
            "variable_answer_uepoch: 9223372036854775807\nvariable_end_uepoch: 922337203685477580\nvariable_billsec: 3\n\n";
        byte[] frame = System.Text.Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\nContent-Type: text/event-plain\n\n{body}");
        using var reader = new EslKit.Protocol.EslFrameReader();
        var buffer = new System.Buffers.ReadOnlySequence<byte>(frame);
        Assert.True(reader.TryReadFrame(ref buffer, out var parsed));
        Assert.True(parsed.TryGetEvent(out var view));

        var materialised = CallEndReader.Read(view.ToEvent(), "lab", Now);
        Assert.True(CallEndReader.TryRead(ref view, "lab", Now, out var end));

        Assert.Equal(materialised, end);
        Assert.Equal((2, 3, (DateTimeOffset?)null, Now), (end!.Attempt, end.Billsec, end.AnsweredAt, end.EndedAt));
    }

    [Fact]
    public void A_channel_without_our_variables_is_not_ours()
    {
        var carrierLeg = CaptureFrames.Events(CaptureFrames.Load("freeswitch-calls", "call-outcomes.fs.bin"), EslEventName.ChannelHangupComplete)
            .First(e => e["Channel-Name"]?.StartsWith("sofia/carrier/", StringComparison.Ordinal) == true);
        Assert.Null(CallEndReader.Read(carrierLeg, null, Now));
        Assert.False(CallIdentity.TryRead(name => name switch { "eslkit_call_id" => "not-a-guid", "eslkit_attempt" => "1", "eslkit_tenant" => "7", _ => null }, out _));
        Assert.False(CallIdentity.TryRead(name => name switch { "eslkit_call_id" => Guid.NewGuid().ToString(), "eslkit_attempt" => "0", "eslkit_tenant" => "7", _ => null }, out _));
    }

    [Fact]
    public void The_audio_stream_metadata_is_the_capture_s_form_and_needs_no_escapes()
    {
        var call = new CallIdentity(Guid.Parse("0b7e4c1e-5a38-4c2b-9a8c-0f6f3f1d2a10"), 2, 7, 3);
        Assert.Equal("{\"callId\":\"0b7e4c1e-5a38-4c2b-9a8c-0f6f3f1d2a10\",\"tenant\":7}", CallSessionHandler.AudioStreamMetadata(call));
        string client = File.ReadAllText(Path.Combine(EslKit.Shared.RepositoryPaths.Fixtures(), "freeswitch-calls", "call-socket-session.client.txt"));
        Assert.Matches("uuid_audio_stream [0-9a-f-]{36} start ws://127\\.0\\.0\\.1:8090/audio/[0-9a-f-]{36} mono 16k \\{\"callId\":\"[0-9a-f-]{36}\",\"tenant\":7\\}", client);
    }
}
