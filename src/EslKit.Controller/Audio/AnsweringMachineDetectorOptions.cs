namespace EslKit.Controller.Audio;

/// <summary>Settings of <see cref="AnsweringMachineDetector"/> (configuration section <c>Voice:AnsweringMachine</c>).</summary>
public sealed class AnsweringMachineDetectorOptions
{
    /// <summary>Whether detection runs (default true); off, every call is <see cref="AnsweringMachineResult.Unknown"/> at once.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A first utterance that ends within this (default 1.8 s: "hello?", "hello, who is this?") is a person. Voicemail
    /// greetings run for several seconds.
    /// </summary>
    public TimeSpan HumanMaxSpeech { get; set; } = TimeSpan.FromMilliseconds(1800);

    /// <summary>Speech that goes on this long without the detector's end-of-speech decision (default 2.6 s) is a machine's greeting.</summary>
    public TimeSpan MachineMinSpeech { get; set; } = TimeSpan.FromMilliseconds(2600);

    /// <summary>With no speech at all for this long after the answer (default 2.5 s) the result is unknown (a silent person, or a machine that waits).</summary>
    public TimeSpan InitialSilence { get; set; } = TimeSpan.FromMilliseconds(2500);

    /// <summary>The decision is unknown if nothing above decided within this (default 6 s).</summary>
    public TimeSpan DecisionWindow { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HumanMaxSpeech, TimeSpan.FromMilliseconds(200), nameof(HumanMaxSpeech));
        ArgumentOutOfRangeException.ThrowIfLessThan(MachineMinSpeech, HumanMaxSpeech, nameof(MachineMinSpeech));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialSilence, TimeSpan.FromMilliseconds(200), nameof(InitialSilence));
        ArgumentOutOfRangeException.ThrowIfLessThan(DecisionWindow, MachineMinSpeech, nameof(DecisionWindow));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DecisionWindow, TimeSpan.FromSeconds(30), nameof(DecisionWindow));
    }
}
