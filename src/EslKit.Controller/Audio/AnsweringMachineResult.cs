namespace EslKit.Controller.Audio;

/// <summary>What answered the call, as answering-machine detection decided (stored in <c>call_logs.amd_result</c>).</summary>
public enum AnsweringMachineResult
{
    /// <summary>Not decided yet.</summary>
    Pending,

    /// <summary>A person: a short opening ("hello?") followed by silence.</summary>
    Human,

    /// <summary>An answering machine or voicemail: a long uninterrupted greeting.</summary>
    Machine,

    /// <summary>Neither was heard clearly within the decision window (silence, or speech of middling length).</summary>
    Unknown,
}
