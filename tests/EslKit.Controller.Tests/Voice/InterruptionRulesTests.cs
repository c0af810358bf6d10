using EslKit.Controller.Calls.Voice;
using EslKit.Controller.Speech.Cloud;

namespace EslKit.Controller.Tests.Voice;

/// <summary>How an interruption is judged (backchannel words) and how a provider failure is recorded.</summary>
public sealed class InterruptionRulesTests
{
    private static readonly IReadOnlySet<string> Backchannel =
        new VoiceOptions().BackchannelWords.Split(' ').ToHashSet(StringComparer.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("uh-huh")]
    [InlineData("mm hmm")]
    [InlineData("Okay.")]
    [InlineData("yeah right")]
    public void Backchannels_and_nothing_do_not_take_the_turn(string transcript) =>
        Assert.True(VoiceCall.IsBackchannel(transcript, Backchannel));

    [Theory]
    [InlineData("stop")]
    [InlineData("no thank you")]
    [InlineData("okay i would like to book an appointment")]
    public void Words_that_say_something_take_the_turn(string transcript) =>
        Assert.False(VoiceCall.IsBackchannel(transcript, Backchannel));

    [Fact]
    public void A_cloud_provider_failure_is_recorded_with_the_provider_s_own_reason()
    {
        var limited = new SpeechProviderException("openrouter", SpeechProviderFailure.RateLimited, "Rate limited (HTTP 429).", 429, TimeSpan.FromSeconds(30));
        Assert.Equal("agent failed: openrouter:rate_limited", VoiceProviderException.Of("agent", limited).Reason);
        Assert.Equal("text_to_speech failed: TimeoutException", VoiceProviderException.Of("text_to_speech", new TimeoutException()).Reason);
    }
}
