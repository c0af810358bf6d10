using System.Text;
using System.Text.Json;
using EslKit.AudioStream.Messages;
using FsCheck;
using FsCheck.Fluent;

namespace EslKit.AudioStream.Tests;

/// <summary>The streamAudio writer: the documented JSON, exactly, for any audio.</summary>
public sealed class StreamAudioMessageTests
{
    private static readonly int[] Rates = [8000, 16000, 24000, 32000, 48000, 64000];

    [Fact]
    public void Writes_the_documented_message_exactly()
    {
        byte[] audio = [0x4A, 0x00, 0xC9, 0x00];
        var buffer = new byte[StreamAudioMessage.GetLength(audio.Length, 16000)];
        int written = StreamAudioMessage.Write(audio, 16000, buffer);
        Assert.Equal(buffer.Length, written);
        Assert.Equal("{\"type\":\"streamAudio\",\"data\":{\"audioDataType\":\"raw\",\"sampleRate\":16000,\"audioData\":\"SgDJAA==\"}}", Encoding.UTF8.GetString(buffer));
    }

    [Fact]
    public void Any_audio_at_any_supported_rate_round_trips_through_the_JSON_the_module_parses()
    {
        var property = Prop.ForAll(
            Gen.Choose(0, 4000).Select(n => 2 * (n + 1)).SelectMany(length => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length)).ToArbitrary(),
            Gen.Elements(Rates).ToArbitrary(),
            (audio, rate) =>
            {
                var buffer = new byte[StreamAudioMessage.GetLength(audio.Length, rate) + 16];
                int written = StreamAudioMessage.Write(audio, rate, buffer);
                using var document = JsonDocument.Parse(buffer.AsMemory(0, written));
                var root = document.RootElement;
                var data = root.GetProperty("data");
                return written == StreamAudioMessage.GetLength(audio.Length, rate)
                    && root.GetProperty("type").GetString() == "streamAudio"
                    && data.GetProperty("audioDataType").GetString() == "raw"
                    && data.GetProperty("sampleRate").GetInt32() == rate
                    && Convert.FromBase64String(data.GetProperty("audioData").GetString()!).AsSpan().SequenceEqual(audio);
            });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Theory]
    [InlineData(8000, true)]
    [InlineData(64000, true)]
    [InlineData(11025, false)]
    [InlineData(44100, false)]
    public void Only_the_rates_the_module_maps_to_a_file_type_are_supported(int rate, bool supported) =>
        Assert.Equal(supported, StreamAudioMessage.IsSupportedSampleRate(rate));
}
