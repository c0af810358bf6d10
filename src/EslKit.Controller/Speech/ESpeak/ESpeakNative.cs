using System.Runtime.InteropServices;

namespace EslKit.Controller.Speech.ESpeak;

/// <summary>The part of espeak-ng's C API (libespeak-ng.so.1, speak_lib.h) that <see cref="ESpeakTextToSpeech"/> uses.</summary>
internal static unsafe partial class ESpeakNative
{
    /// <summary>espeak_AUDIO_OUTPUT: synthesise on the calling thread, audio handed to the callback.</summary>
    internal const int AudioOutputSynchronous = 2;

    /// <summary>espeakINITIALIZE_DONT_EXIT: return an error instead of exiting when the data is missing.</summary>
    internal const int InitializeDontExit = 0x8000;

    /// <summary>espeakCHARS_UTF8.</summary>
    internal const uint CharsUtf8 = 1;

    /// <summary>espeak_POSITION_TYPE POS_CHARACTER.</summary>
    internal const int PositionCharacter = 1;

    /// <summary>espeak_PARAMETER espeakRATE (words per minute).</summary>
    internal const int ParameterRate = 1;

    private const string Library = "libespeak-ng.so.1";

    /// <summary>Returns the sample rate of the synthesised audio (22,050), or −1.</summary>
    [LibraryImport(Library, EntryPoint = "espeak_Initialize", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Initialize(int output, int bufferMilliseconds, string? path, int options);

    [LibraryImport(Library, EntryPoint = "espeak_SetSynthCallback")]
    internal static partial void SetSynthCallback(delegate* unmanaged[Cdecl]<short*, int, IntPtr, int> callback);

    [LibraryImport(Library, EntryPoint = "espeak_SetVoiceByName", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SetVoiceByName(string name);

    [LibraryImport(Library, EntryPoint = "espeak_SetParameter")]
    internal static partial int SetParameter(int parameter, int value, int relative);

    /// <summary>Synthesises NUL-terminated UTF-8 text; in synchronous mode returns when done (or aborted by the callback).</summary>
    [LibraryImport(Library, EntryPoint = "espeak_Synth")]
    internal static partial int Synth(byte* text, nuint size, uint position, int positionType, uint endPosition, uint flags, uint* uniqueIdentifier, IntPtr userData);

    [LibraryImport(Library, EntryPoint = "espeak_Terminate")]
    internal static partial int Terminate();
}
