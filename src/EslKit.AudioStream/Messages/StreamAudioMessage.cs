using System.Buffers.Text;

namespace EslKit.AudioStream.Messages;

/// <summary>
/// Writes the message mod_audio_stream plays into the call:
/// <c>{"type":"streamAudio","data":{"audioDataType":"raw","sampleRate":16000,"audioData":"&lt;base64&gt;"}}</c>.
/// The module base64-decodes <c>audioData</c> into <c>/tmp/&lt;uuid&gt;_&lt;n&gt;.tmp.r16</c> (the extension from the
/// rate: 8000 → .r8 … 64000 → .r64) and raises CUSTOM <c>mod_audio_stream::play</c> naming the file.
/// Written straight into one buffer as UTF-8: no string, no intermediate base64 text.
/// </summary>
internal static class StreamAudioMessage
{
    private static ReadOnlySpan<byte> Prefix => "{\"type\":\"streamAudio\",\"data\":{\"audioDataType\":\"raw\",\"sampleRate\":"u8;

    private static ReadOnlySpan<byte> Middle => ",\"audioData\":\""u8;

    private static ReadOnlySpan<byte> Suffix => "\"}}"u8;

    /// <summary>The raw sample rates the module maps to a file type.</summary>
    public static bool IsSupportedSampleRate(int sampleRate) =>
        sampleRate is 8000 or 16000 or 24000 or 32000 or 48000 or 64000;

    /// <summary>The exact message length for <paramref name="audioBytes"/> bytes of audio at <paramref name="sampleRate"/>.</summary>
    public static int GetLength(int audioBytes, int sampleRate) =>
        Prefix.Length + DigitCount(sampleRate) + Middle.Length + Base64.GetMaxEncodedToUtf8Length(audioBytes) + Suffix.Length;

    /// <summary>Writes the message; <paramref name="destination"/> holds at least <see cref="GetLength"/> bytes.</summary>
    /// <returns>The bytes written.</returns>
    public static int Write(ReadOnlySpan<byte> audio, int sampleRate, Span<byte> destination)
    {
        int at = 0;
        Prefix.CopyTo(destination);
        at += Prefix.Length;
        if (!Utf8Formatter.TryFormat(sampleRate, destination[at..], out int digits))
        {
            throw new ArgumentException("The destination is too small.", nameof(destination));
        }

        at += digits;
        Middle.CopyTo(destination[at..]);
        at += Middle.Length;
        Base64.EncodeToUtf8(audio, destination[at..], out _, out int encoded);
        at += encoded;
        Suffix.CopyTo(destination[at..]);
        return at + Suffix.Length;
    }

    private static int DigitCount(int value)
    {
        int digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
