using EslKit.Controller.Speech.ESpeak;
using EslKit.Controller.Speech.PocketSphinx;

namespace EslKit.Controller.Tests.Speech;

/// <summary>
/// The real engines, shared by the speech tests: espeak-ng allows one instance per process, and loading
/// pocketsphinx decoders takes a while. The tests using them run one after another (one collection).
/// </summary>
public sealed class SpeechEngines : IDisposable
{
    public SpeechEngines()
    {
        Recognizer = new PocketSphinxSpeechToText(new PocketSphinxOptions { MaxDecoders = 4 });
        Synthesizer = new ESpeakTextToSpeech(new ESpeakOptions());
    }

    public PocketSphinxSpeechToText Recognizer { get; }

    public ESpeakTextToSpeech Synthesizer { get; }

    public void Dispose()
    {
        Recognizer.Dispose();
        Synthesizer.Dispose();
    }
}
