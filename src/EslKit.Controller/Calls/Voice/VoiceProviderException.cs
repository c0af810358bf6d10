namespace EslKit.Controller.Calls.Voice;

/// <summary>A provider of the voice pipeline failed mid-call (or took longer than <see cref="VoiceOptions.ProviderTimeoutSeconds"/>).</summary>
internal sealed class VoiceProviderException : Exception
{
    public VoiceProviderException()
    {
    }

    public VoiceProviderException(string message)
        : base(message)
    {
    }

    public VoiceProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failing stage: <c>speech_to_text</c>, <c>agent</c>, <c>text_to_speech</c> or <c>playback</c>.</summary>
    public string Stage { get; private init; } = "unknown";

    /// <summary>
    /// The reason recorded on the call log: the stage and what failed — a cloud provider's own reason
    /// (<see cref="Speech.Cloud.SpeechProviderException.Reason"/>, e.g. <c>agent failed: openrouter:rate_limited</c>), else the
    /// failure's type. Never a message, which may carry a provider's details.
    /// </summary>
    public string Reason => InnerException is Speech.Cloud.SpeechProviderException provider
        ? $"{Stage} failed: {provider.Reason}"
        : $"{Stage} failed: {InnerException?.GetType().Name ?? "unknown"}";

    /// <summary>The failure of <paramref name="stage"/>.</summary>
    public static VoiceProviderException Of(string stage, Exception inner) =>
        new($"The {stage} step failed ({inner.GetType().Name}).", inner) { Stage = stage };
}
