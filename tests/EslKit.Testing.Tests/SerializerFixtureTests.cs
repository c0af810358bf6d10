using System.Text;
using EslKit.Protocol;
using EslKit.Testing.Tests.Support;
using EslKit.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>
/// Every event FreeSWITCH sent in the captures, parsed with EslKit's parser into ordered headers and a body,
/// serialised again by the emulator: the frame (outer Content-Length and Content-Type included) must be
/// byte-identical. (The 2015 outbound captures of an older FreeSWITCH pass too.)
/// </summary>
public sealed class SerializerFixtureTests
{
    public static TheoryData<string> EventStreams => new(
        Fixtures.EslStreams.Where(p => Captures.Frames(Fixtures.Read(p)).Any(f => f.IsEvent)));

    [Theory]
    [MemberData(nameof(EventStreams))]
    public void Every_captured_event_reserialises_byte_exact(string file)
    {
        var events = Captures.Frames(Fixtures.Read(file)).Where(f => f.IsEvent).ToList();
        Assert.NotEmpty(events);
        foreach (var frame in events)
        {
            var format = frame.Message.Event!.Format;
            byte[] again = Captures.ToEmulatorEvent(frame).ToFrame(format);
            Assert.Equal(Captures.Text(frame.Bytes), Captures.Text(again));
        }
    }

    [Theory]
    [InlineData("freeswitch/events-plain-all.fs.bin", 63)]
    [InlineData("freeswitch/events-json-all.fs.bin", 61)]
    public void The_full_call_streams_are_covered(string file, int events) =>
        Assert.Equal(events, Captures.Frames(Fixtures.Read(file)).Count(f => f.IsEvent));

    [Fact]
    public void The_outbound_connect_reply_is_a_bare_serialised_channel_data_event()
    {
        // Its headers are the event itself (all URL-encoded, Content-Type among the last four), no outer frame.
        var reply = Captures.Frames(Fixtures.Read("freeswitch/outbound-async-full.fs.bin"))[0];
        Assert.Equal("CHANNEL_DATA", reply.Message["Event-Name"]);
        var ev = EslEmulatorEvent.FromHeaders(reply.Message.Headers);
        Assert.Equal(Captures.Text(reply.Bytes), Encoding.Latin1.GetString(ev.Serialize(EslEventFormat.Plain)));
    }
}
