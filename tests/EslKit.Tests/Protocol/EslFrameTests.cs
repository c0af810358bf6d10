using System.Text;
using EslKit.Protocol;
using EslKit.Tests.Support;

namespace EslKit.Tests.Protocol;

/// <summary>The convenience readers on a frame: reply status, Job-UUID, disconnect notices, channel data.</summary>
public sealed class EslFrameTests
{
    [Theory]
    [InlineData("+OK accepted", EslReplyStatus.Ok)]
    [InlineData("+OK", EslReplyStatus.Ok)]
    [InlineData("%2BOK%0A", EslReplyStatus.Ok)] // the outbound connect reply, URL-encoded
    [InlineData("-ERR invalid", EslReplyStatus.Error)]
    [InlineData("-ERR command not found", EslReplyStatus.Error)]
    [InlineData("-USAGE: originate <call url> <exten>", EslReplyStatus.Error)]
    [InlineData("OK", EslReplyStatus.Other)]
    [InlineData("", EslReplyStatus.Other)]
    public void Reply_status_classifies_reply_text(string text, EslReplyStatus expected)
    {
        byte[] data = Encoding.ASCII.GetBytes($"Content-Type: command/reply\nReply-Text: {text}\n\n");
        Assert.Equal(expected, FrameReading.First(data, f => f.ReplyStatus));
        Assert.Equal(text, FrameReading.First(data, f => Encoding.ASCII.GetString(f.ReplyText)));
    }

    [Fact]
    public void Reply_status_of_a_frame_without_reply_text_is_none()
    {
        Assert.Equal(EslReplyStatus.None, FrameReading.First("Content-Type: auth/request\n\n"u8.ToArray(), f => f.ReplyStatus));
        Assert.True(FrameReading.First("Content-Type: auth/request\n\n"u8.ToArray(), f => f.ReplyText.IsEmpty));
    }

    [Fact]
    public void Outbound_connect_reply_is_channel_data_and_decodes_to_plus_ok_newline()
    {
        byte[] stream = Fixtures.Read("freeswitch/outbound-async-full.fs.bin");
        var (isChannelData, status, raw, message) = FrameReading.First(stream, f => (f.IsChannelData, f.ReplyStatus, Encoding.ASCII.GetString(f.ReplyText), f.ToMessage()));

        Assert.True(isChannelData);
        Assert.Equal(EslReplyStatus.Ok, status);
        Assert.Equal("%2BOK%0A", raw);
        Assert.Equal("+OK\n", message.ReplyText);
        Assert.Equal(EslContentType.CommandReply, message.ContentType);
        Assert.Null(message.Event); // channel data travels as the reply's own headers, not as an event body

        // Every other command/reply in the session is an ordinary reply.
        var others = FrameReading.Select(stream, f => (f.ContentType, f.IsChannelData)).Skip(1);
        Assert.All(others, o => Assert.False(o.IsChannelData));
        Assert.Contains(others, o => o.ContentType == EslContentType.CommandReply);
    }

    [Fact]
    public void Api_response_with_an_event_name_is_not_channel_data()
    {
        byte[] data = "Content-Type: api/response\nEvent-Name: CHANNEL_DATA\nContent-Length: 0\n\n"u8.ToArray();
        Assert.False(FrameReading.First(data, f => f.IsChannelData));
    }

    [Fact]
    public void Job_uuid_of_a_bgapi_reply_parses_in_place()
    {
        var replies = FrameReading.Select(Fixtures.Read("freeswitch/bgapi-fail.fs.bin"), f => (f.ContentType, Ok: f.TryGetJobUuid(out var id), id));
        Assert.Equal(
            [Guid.Parse("8618c288-5536-4269-ae78-294d82833f0e"), Guid.Parse("d3c4f1e2-1111-4222-8333-944455556666")],
            replies.Where(r => r.Ok).Select(r => r.id));
        Assert.All(replies.Where(r => r.Ok), r => Assert.Equal(EslContentType.CommandReply, r.ContentType));

        Assert.False(FrameReading.First("Content-Type: command/reply\nJob-UUID: not-a-uuid\n\n"u8.ToArray(), f => f.TryGetJobUuid(out _)));
    }

    [Theory]
    [InlineData("freeswitch/auth-fail.fs.bin", EslDisconnectDisposition.None, null)]
    [InlineData("freeswitch/exit.fs.bin", EslDisconnectDisposition.None, null)]
    [InlineData("freeswitch/outbound-async-full.fs.bin", EslDisconnectDisposition.Linger, -1)]
    [InlineData("older-freeswitch/session-1.fs.bin", EslDisconnectDisposition.Disconnect, null)] // after its linger notice
    [InlineData("older-freeswitch/session-2.fs.bin", EslDisconnectDisposition.Linger, -1)]
    public void Captured_disconnect_notices_have_their_disposition(string file, EslDisconnectDisposition expected, int? lingerTime)
    {
        var notice = FrameReading.Select(Fixtures.Read(file), f => (f.ContentType, f.DisconnectDisposition, f.LingerTime))
            .Last(f => f.ContentType == EslContentType.DisconnectNotice);
        Assert.Equal(expected, notice.DisconnectDisposition);
        Assert.Equal(lingerTime, notice.LingerTime);
    }

    [Theory]
    [InlineData("Content-Disposition: LINGER\nLinger-Time: 10\n", EslDisconnectDisposition.Linger, 10)]
    [InlineData("Content-Disposition: disconnect\n", EslDisconnectDisposition.Disconnect, null)]
    [InlineData("Content-Disposition: goodbye\n", EslDisconnectDisposition.Other, null)]
    [InlineData("Content-Disposition: linger\nLinger-Time: 10s\n", EslDisconnectDisposition.Linger, null)]
    [InlineData("Content-Disposition: linger\nLinger-Time: \n", EslDisconnectDisposition.Linger, null)]
    [InlineData("Content-Disposition: linger\nLinger-Time: 99999999999\n", EslDisconnectDisposition.Linger, null)]
    public void Disposition_and_linger_time_are_read(string headers, EslDisconnectDisposition expected, int? lingerTime)
    {
        byte[] data = Encoding.ASCII.GetBytes($"Content-Type: text/disconnect-notice\n{headers}Content-Length: 0\n\n");
        Assert.Equal(expected, FrameReading.First(data, f => f.DisconnectDisposition));
        Assert.Equal(lingerTime, FrameReading.First(data, f => f.LingerTime));
    }

    [Fact]
    public void Only_event_content_types_carry_events()
    {
        byte[] stream = Fixtures.Read("freeswitch/bgapi-fail.fs.bin");
        var frames = FrameReading.Select(stream, f => (f.ContentType, f.IsEvent, HasEvent: f.TryGetEvent(out _)));
        Assert.All(frames, f => Assert.Equal(f.ContentType == EslContentType.EventPlain, f.IsEvent));
        Assert.All(frames, f => Assert.Equal(f.IsEvent, f.HasEvent));
        Assert.Equal(2, frames.Count(f => f.IsEvent));
    }

    [Fact]
    public void Message_is_an_owned_decoded_copy_whose_string_form_has_no_values()
    {
        byte[] data = "Content-Type: command/reply\nReply-Text: %2BOK%0A\nvariable_sip_auth_password: s3cr3t%21\n\n"u8.ToArray();
        var message = FrameReading.First(data, f => f.ToMessage());

        Assert.Equal("s3cr3t!", message["VARIABLE_SIP_AUTH_PASSWORD"]);
        Assert.Equal("+OK\n", message.ReplyText);
        Assert.Null(message["Absent"]);
        Assert.Equal(3, message.Headers.Count);
        Assert.DoesNotContain("s3cr3t", message.ToString(), StringComparison.Ordinal);
        Assert.Contains("command/reply", message.ToString(), StringComparison.Ordinal);
    }
}
