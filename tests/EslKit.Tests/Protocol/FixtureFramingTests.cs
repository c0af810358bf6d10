using System.Buffers;
using EslKit.Protocol;
using EslKit.Tests.Support;

namespace EslKit.Tests.Protocol;

/// <summary>Every captured FreeSWITCH stream frames exactly, however its bytes are split.</summary>
public sealed class FixtureFramingTests
{
    // Frame counts and content types read independently off the captures (older ones: INDEX.md).
    public static readonly TheoryData<string, int, string> Expected = new()
    {
        { "freeswitch/api-empty-body.fs.bin", 5, "ApiResponse=3,AuthRequest=1,CommandReply=1" },
        { "freeswitch/api-error.fs.bin", 4, "ApiResponse=2,AuthRequest=1,CommandReply=1" },
        { "freeswitch/api-large-body.fs.bin", 6, "ApiResponse=4,AuthRequest=1,CommandReply=1" },
        { "freeswitch/api-show-channels-json.fs.bin", 4, "ApiResponse=2,AuthRequest=1,CommandReply=1" },
        { "freeswitch/api-status.fs.bin", 3, "ApiResponse=1,AuthRequest=1,CommandReply=1" },
        { "freeswitch/audio-stream-events.fs.bin", 12, "ApiResponse=6,AuthRequest=1,CommandReply=2,EventPlain=3" },
        { "freeswitch/audio-stream-serverclose-events.fs.bin", 8, "ApiResponse=2,AuthRequest=1,CommandReply=2,EventPlain=3" },
        { "freeswitch/auth-fail.fs.bin", 3, "AuthRequest=1,CommandReply=1,DisconnectNotice=1" },
        { "freeswitch/auth-ok.fs.bin", 2, "AuthRequest=1,CommandReply=1" },
        { "freeswitch/bgapi-fail.fs.bin", 7, "AuthRequest=1,CommandReply=4,EventPlain=2" },
        { "freeswitch/bgapi-originate-per-call-auth.fs.bin", 9, "AuthRequest=1,CommandReply=5,EventPlain=3" },
        { "freeswitch/bgapi-originate.fs.bin", 13, "AuthRequest=1,CommandReply=3,EventPlain=9" },
        { "freeswitch/events-custom-sofia-gateway.fs.bin", 9, "AuthRequest=1,CommandReply=2,EventPlain=6" },
        { "freeswitch/events-json-all.fs.bin", 64, "AuthRequest=1,CommandReply=2,EventJson=61" },
        { "freeswitch/events-json-body.fs.bin", 9, "AuthRequest=1,CommandReply=5,EventJson=3" },
        { "freeswitch/events-plain-all.fs.bin", 66, "AuthRequest=1,CommandReply=2,EventPlain=63" },
        { "freeswitch/events-plain-body.fs.bin", 9, "AuthRequest=1,CommandReply=5,EventPlain=3" },
        { "freeswitch/exit.fs.bin", 4, "AuthRequest=1,CommandReply=2,DisconnectNotice=1" },
        { "freeswitch/filter.fs.bin", 13, "AuthRequest=1,CommandReply=8,EventPlain=4" },
        { "freeswitch/linger-inbound.fs.bin", 7, "AuthRequest=1,CommandReply=5,DisconnectNotice=1" },
        { "freeswitch/log-data.fs.bin", 169, "AuthRequest=1,CommandReply=3,LogData=165" },
        { "freeswitch/nixevent-noevents.fs.bin", 12, "AuthRequest=1,CommandReply=7,EventPlain=4" },
        { "freeswitch/outbound-async-full.fs.bin", 19, "CommandReply=6,DisconnectNotice=1,EventPlain=12" },
        { "freeswitch/sendevent.fs.bin", 8, "AuthRequest=1,CommandReply=5,EventPlain=2" },
        { "freeswitch/sendmsg-inbound.fs.bin", 21, "AuthRequest=1,CommandReply=10,EventPlain=10" },
        { "freeswitch/url-encoding-json.fs.bin", 13, "ApiResponse=4,AuthRequest=1,CommandReply=6,EventJson=2" },
        { "freeswitch/url-encoding-plain.fs.bin", 13, "ApiResponse=4,AuthRequest=1,CommandReply=6,EventPlain=2" },
        { "older-freeswitch/session-1.fs.bin", 27, "ApiResponse=2,CommandReply=9,DisconnectNotice=2,EventPlain=14" },
        { "older-freeswitch/session-2.fs.bin", 26, "ApiResponse=2,CommandReply=9,DisconnectNotice=1,EventPlain=14" },
        { "older-freeswitch/session-3.fs.bin", 22, "ApiResponse=1,CommandReply=9,DisconnectNotice=1,EventPlain=11" },
        { "older-freeswitch/session-4.fs.bin", 59, "ApiResponse=7,CommandReply=17,DisconnectNotice=1,EventPlain=34" },
        { "older-freeswitch/session-5.fs.bin", 25, "ApiResponse=2,CommandReply=10,DisconnectNotice=1,EventPlain=12" },
        { "older-freeswitch/session-6.fs.bin", 114, "ApiResponse=12,CommandReply=23,DisconnectNotice=1,EventPlain=78" },
    };

    public static TheoryData<string> Streams => new(Fixtures.EslStreams);

    [Fact]
    public void Every_captured_stream_has_an_expectation()
    {
        var covered = Expected.Select(row => (string)row[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Fixtures.EslStreams, covered);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Stream_yields_the_expected_frames(string file, int frameCount, string contentTypes)
    {
        byte[] data = Fixtures.Read(file);
        var frames = FrameFeeder.ParseAll(data);

        Assert.Equal(frameCount, frames.Count);
        string actual = string.Join(",", frames.GroupBy(f => f.ContentType.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}"));
        Assert.Equal(contentTypes, actual);

        // The frames tile the stream exactly: each starts where the previous one ended.
        long position = 0;
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(data);
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            Assert.Equal(position, frame.Offset);
            position = data.Length - buffer.Length;
        }

        Assert.Equal(data.Length, position);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Every_event_reads_the_same_in_place_and_materialised(string file)
    {
        byte[] data = Fixtures.Read(file);
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(data);
        Span<byte> scratch = stackalloc byte[512];
        int events = 0;
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            if (!frame.TryGetEvent(out var view))
            {
                continue;
            }

            events++;
            var owned = view.ToEvent();
            Assert.NotEqual(EslEventName.Unknown, view.Name);
            Assert.Equal(view.Name, owned.Name);
            Assert.True(view.TryGetValue(EslHeaderNames.CoreUuid, scratch, out int n));
            Assert.Equal(owned["Core-UUID"], System.Text.Encoding.UTF8.GetString(scratch[..n]));
            Assert.Equal(owned.UniqueId, view.TryGetUniqueId(out var id) ? id : null);
            Assert.Equal(owned["Event-Sequence"], view.TryGetValue(EslHeaderNames.EventSequence, scratch, out n) ? System.Text.Encoding.UTF8.GetString(scratch[..n]) : null);
        }

        Assert.Equal(events, FrameFeeder.ParseAll(data).Count(f => f.ContentType is EslContentType.EventPlain or EslContentType.EventJson));
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void One_byte_per_segment_gives_identical_frames(string file)
    {
        byte[] data = Fixtures.Read(file);
        var expected = FrameFeeder.ParseAll(data);

        Assert.Equal(expected, FrameFeeder.ParseAll(TestSequence.OneBytePerSegment(data)));
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void One_byte_per_read_gives_identical_frames(string file)
    {
        byte[] data = Fixtures.Read(file);
        if (data.Length > 64 * 1024)
        {
            // Large streams: per-read cost is dominated by sequence slicing; the other tests cover them.
            data = data[..FirstFramesLength(data, 64 * 1024)];
        }

        var expected = FrameFeeder.ParseAll(data);
        Assert.Equal(expected, FrameFeeder.ParseIncrementally(data, Enumerable.Repeat(1, data.Length)));
    }

    /// <summary>
    /// Splitting the stream at offset k only affects the frame containing k (the scanner starts afresh at
    /// each frame), so every offset of the stream is covered by splitting every frame at every inner
    /// offset: the first part arrives as one read, the rest as a second read and segment.
    /// </summary>
    [Theory]
    [MemberData(nameof(Streams))]
    public void Split_at_every_offset_gives_identical_frames(string file)
    {
        byte[] data = Fixtures.Read(file);
        var expected = FrameFeeder.ParseAll(data);
        using var reader = new EslFrameReader();
        int start = 0;
        foreach (var want in expected)
        {
            int length = (int)(NextOffset(expected, want, data.Length) - start);
            byte[] frameBytes = data.AsSpan(start, length).ToArray();
            for (int k = 1; k < length; k++)
            {
                reader.Reset();
                var first = new ReadOnlySequence<byte>(frameBytes, 0, k);
                Assert.False(reader.TryReadFrame(ref first, out _), $"frame at {start} complete after {k} of {length} bytes");

                var both = TestSequence.Split(frameBytes, k);
                Assert.True(reader.TryReadFrame(ref both, out var frame), $"frame at {start} split at {k}");
                Assert.True(both.IsEmpty);
                Assert.Equal(want.ContentType, frame.ContentType);
                Assert.True(frame.HeaderBlock.SequenceEqual(System.Text.Encoding.Latin1.GetBytes(want.HeaderBlock)), $"headers of frame at {start} split at {k}");
                Assert.True(frame.Body.SequenceEqual(want.BodyBytes), $"body of frame at {start} split at {k}");
            }

            start += length;
        }

        Assert.Equal(data.Length, start);
    }

    private static long NextOffset(List<ParsedFrame> frames, ParsedFrame current, long end)
    {
        int i = frames.IndexOf(current);
        return i + 1 < frames.Count ? frames[i + 1].Offset : end;
    }

    private static int FirstFramesLength(byte[] data, int atMost)
    {
        int length = 0;
        foreach (var frame in FrameFeeder.ParseAll(data))
        {
            if (frame.Offset > atMost)
            {
                break;
            }

            length = (int)frame.Offset;
        }

        return length;
    }
}
