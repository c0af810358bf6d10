using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EslKit.AudioStream.Tests;

/// <summary>Formats, metadata and options: the values the endpoint works from.</summary>
public sealed partial class ModelTests
{
    [Theory]
    [InlineData(8000, 1, 320)]
    [InlineData(16000, 1, 640)]
    [InlineData(8000, 2, 640)]
    [InlineData(16000, 2, 1280)]
    public void A_20_ms_frame_has_the_size_the_module_sends(int rate, int channels, int bytes)
    {
        var format = new AudioStreamFormat(rate, channels);
        Assert.Equal(bytes, format.BytesPer20Milliseconds);
        Assert.Equal(TimeSpan.FromMilliseconds(20), format.GetDuration(bytes));
        Assert.Equal(TimeSpan.FromMilliseconds(100), format.GetDuration(bytes * 5));
    }

    [Theory]
    [InlineData(11025, 1)]
    [InlineData(16000, 3)]
    [InlineData(0, 1)]
    public void Formats_the_module_cannot_produce_are_refused(int rate, int channels) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioStreamFormat(rate, channels).Validate());

    [Fact]
    public void Metadata_is_kept_verbatim_and_parsed_when_it_is_JSON()
    {
        var json = new AudioStreamMetadata("{\"callId\":\"9af3f175\",\"tenant\":7,\"name\":\"café ☎\"}", framesBefore: 1);
        Assert.True(json.IsJson);
        Assert.Equal(1, json.FramesBefore);
        Assert.True(json.TryGetString("callId", out string? callId));
        Assert.Equal("9af3f175", callId);
        Assert.True(json.TryGetString("tenant", out string? tenant));
        Assert.Equal("7", tenant);
        Assert.False(json.TryGetString("missing", out _));
        Assert.Equal(new ControllerMetadata("9af3f175", 7), json.Deserialize(MetadataJson.Default.ControllerMetadata));

        var text = new AudioStreamMetadata("plain words, not JSON", 0);
        Assert.False(text.IsJson);
        Assert.Equal("plain words, not JSON", text.Text);
        Assert.False(text.TryGetString("callId", out _));
        Assert.Throws<InvalidOperationException>(() => text.Deserialize(MetadataJson.Default.ControllerMetadata));
    }

    [Theory]
    [InlineData(nameof(AudioStreamOptions.MaxMessageBytes))]
    [InlineData(nameof(AudioStreamOptions.FrameQueueCapacity))]
    [InlineData(nameof(AudioStreamOptions.SendQueueCapacity))]
    [InlineData(nameof(AudioStreamOptions.MetadataTimeout))]
    [InlineData(nameof(AudioStreamOptions.SendTimeout))]
    [InlineData(nameof(AudioStreamOptions.KeepAliveInterval))]
    [InlineData(nameof(AudioStreamOptions.Format))]
    [InlineData(nameof(AudioStreamOptions.CallIdRouteValue))]
    public void An_out_of_range_option_is_refused_by_name(string setting)
    {
        var options = new AudioStreamOptions();
        switch (setting)
        {
            case nameof(AudioStreamOptions.MaxMessageBytes): options.MaxMessageBytes = 100; break;
            case nameof(AudioStreamOptions.FrameQueueCapacity): options.FrameQueueCapacity = 0; break;
            case nameof(AudioStreamOptions.SendQueueCapacity): options.SendQueueCapacity = -1; break;
            case nameof(AudioStreamOptions.MetadataTimeout): options.MetadataTimeout = TimeSpan.Zero; break;
            case nameof(AudioStreamOptions.SendTimeout): options.SendTimeout = TimeSpan.FromDays(100); break;
            case nameof(AudioStreamOptions.KeepAliveInterval): options.KeepAliveInterval = TimeSpan.FromSeconds(-1); break;
            case nameof(AudioStreamOptions.Format): options.Format = new AudioStreamFormat(22050, 1); break;
            case nameof(AudioStreamOptions.CallIdRouteValue): options.CallIdRouteValue = " "; break;
        }

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(setting, error.ParamName);
        new AudioStreamOptions().Validate(); // the defaults are valid
    }

    [Fact]
    public async Task Bad_options_fail_at_start_up_and_at_mapping_never_at_the_first_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAudioStream(o => o.FrameQueueCapacity = 0);
        await using var app = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("FrameQueueCapacity", error.Message, StringComparison.Ordinal);

        var builder2 = WebApplication.CreateSlimBuilder();
        await using var app2 = builder2.Build();
        Assert.Throws<ArgumentOutOfRangeException>(() => app2.MapAudioStream("/audio/{callId}", (_, _) => Task.CompletedTask, o => o.MaxMessageBytes = 0));
    }

    [Fact]
    public void Applications_may_close_with_1000_1008_and_4000_to_4999_only()
    {
        Assert.True(AudioStreamCloseStatus.IsAllowedForApplication(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure));
        Assert.True(AudioStreamCloseStatus.IsAllowedForApplication(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation));
        Assert.True(AudioStreamCloseStatus.IsAllowedForApplication((System.Net.WebSockets.WebSocketCloseStatus)4999));
        Assert.False(AudioStreamCloseStatus.IsAllowedForApplication(System.Net.WebSockets.WebSocketCloseStatus.InternalServerError));
        Assert.False(AudioStreamCloseStatus.IsAllowedForApplication((System.Net.WebSockets.WebSocketCloseStatus)5000));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioStreamDecision.Reject((System.Net.WebSockets.WebSocketCloseStatus)1011, "no"));
        Assert.True(AudioStreamDecision.Reject("why").IsRejected);
        Assert.False(AudioStreamDecision.Accept.IsRejected);
    }

    internal sealed record ControllerMetadata(string CallId, int Tenant);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(ControllerMetadata))]
    internal sealed partial class MetadataJson : JsonSerializerContext;
}
