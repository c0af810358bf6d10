using Microsoft.Win32.SafeHandles;

namespace EslKit.Controller.Speech.PocketSphinx;

/// <summary>Owns one native pocketsphinx decoder (<c>ps_decoder_t*</c>); releasing it calls <c>ps_free</c>.</summary>
internal sealed class PocketSphinxDecoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Created by the marshaller when <c>ps_init</c> returns.</summary>
    public PocketSphinxDecoderHandle()
        : base(ownsHandle: true)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        // ps_free returns the references left (0 once freed; we hold the only one).
        return PocketSphinxNative.DecoderFree(handle) >= 0;
    }
}
