namespace EslKit.Controller.Audio;

/// <summary>
/// Finds utterances in a call's audio, one frame at a time: the speech-start and speech-end decisions that
/// start and finish a recognition, and that barge-in listens to.
/// </summary>
/// <remarks>
/// Implementations keep one stream's state: one instance per call, frames in order, from one thread at a time.
/// <see cref="Process"/> is called for every 20 ms frame of every call, so it must not allocate.
/// </remarks>
public interface IVoiceActivityDetector
{
    /// <summary>The sample rate of the frames this detector takes.</summary>
    int SampleRate { get; }

    /// <summary>True while an utterance is open.</summary>
    bool InUtterance { get; }

    /// <summary>Classifies the next frame (mono samples at <see cref="SampleRate"/>, typically 20 ms).</summary>
    VoiceActivity Process(ReadOnlySpan<short> frame);

    /// <summary>Starts over for a new stream (times restart at zero, the noise floor is learned again).</summary>
    void Reset();
}
