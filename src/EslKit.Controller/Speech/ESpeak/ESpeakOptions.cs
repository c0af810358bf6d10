namespace EslKit.Controller.Speech.ESpeak;

/// <summary>Settings of the espeak-ng text-to-speech engine (configuration section <c>Speech:ESpeak</c>).</summary>
public sealed class ESpeakOptions
{
    /// <summary>The voice (default <c>en-us</c>; <c>espeak-ng --voices</c> lists them).</summary>
    public string Voice { get; set; } = "en-us";

    /// <summary>Speaking rate in words per minute, 80–450 (default 165: a little slower than espeak's 175, clearer on a phone).</summary>
    public int WordsPerMinute { get; set; } = 165;

    /// <summary>The espeak-ng-data folder; null for the library's default (Debian: /usr/lib/x86_64-linux-gnu/espeak-ng-data).</summary>
    public string? DataPath { get; set; }

    /// <summary>Synthesis requests waiting at most (default 256); more are refused with <see cref="SpeechSynthesisException"/>.</summary>
    public int MaxQueuedRequests { get; set; } = 256;

    /// <summary>The longest text accepted, in characters (default 2,000).</summary>
    public int MaxTextLength { get; set; } = 2_000;
}
