using EslKit.Controller.Speech.ESpeak;
using EslKit.Controller.Speech.PocketSphinx;

namespace EslKit.Controller.Tests.Speech;

/// <summary>
/// The real engines, shared by the speech and voice tests: espeak-ng allows one instance per process, and loading
/// pocketsphinx decoders takes a while. Every collection fixture of this type shares one set (counted: the last
/// fixture disposed frees them), so collections that use them can run side by side.
/// </summary>
public sealed class SpeechEngines : IDisposable
{
    private static readonly Lock Gate = new();
    private static (PocketSphinxSpeechToText Recognizer, ESpeakTextToSpeech Synthesizer)? _shared;
    private static int _users;
    private int _disposed;

    public SpeechEngines()
    {
        lock (Gate)
        {
            _shared ??= (new PocketSphinxSpeechToText(new PocketSphinxOptions { MaxDecoders = 4 }), new ESpeakTextToSpeech(new ESpeakOptions()));
            _users++;
            (Recognizer, Synthesizer) = _shared.Value;
        }
    }

    public PocketSphinxSpeechToText Recognizer { get; }

    public ESpeakTextToSpeech Synthesizer { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (Gate)
        {
            if (--_users == 0 && _shared is { } engines)
            {
                engines.Recognizer.Dispose();
                engines.Synthesizer.Dispose();
                _shared = null;
            }
        }
    }
}
