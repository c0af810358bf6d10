namespace EslKit.Commands;

/// <summary>What mod_audio_stream streams (<c>uuid_audio_stream … start &lt;url&gt; &lt;mix&gt;</c>).</summary>
public enum EslAudioMix
{
    /// <summary><c>mono</c>: the caller's audio only.</summary>
    Mono = 0,

    /// <summary><c>mixed</c>: both directions mixed into one channel.</summary>
    Mixed,

    /// <summary><c>stereo</c>: caller and callee as left and right.</summary>
    Stereo,
}
