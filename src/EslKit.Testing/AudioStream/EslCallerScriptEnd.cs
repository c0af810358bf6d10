namespace EslKit.Testing;

/// <summary>What an emulated caller does once its script has been said (<see cref="EslCallerScript.End"/>).</summary>
public enum EslCallerScriptEnd
{
    /// <summary>It stays on the line, silent.</summary>
    Silence,

    /// <summary>It says the script again, and again.</summary>
    Loop,

    /// <summary>It hangs up (NORMAL_CLEARING) as its audio ends.</summary>
    HangUp,
}
