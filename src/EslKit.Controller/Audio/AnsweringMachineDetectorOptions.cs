namespace EslKit.Controller.Audio;

/// <summary>Settings of <see cref="AnsweringMachineDetector"/> (configuration section <c>Voice:AnsweringMachine</c>).</summary>
public sealed class AnsweringMachineDetectorOptions
{
    /// <summary>Whether detection runs (default true); off, every call is <see cref="AnsweringMachineResult.Unknown"/> at once.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Speech of at most this much (default 1.8 s: "hello?", "hello, who is this?") followed by
    /// <see cref="SilenceAfterSpeech"/> is a person. Voicemail greetings run for several seconds.
    /// </summary>
    public TimeSpan HumanMaxSpeech { get; set; } = TimeSpan.FromMilliseconds(1800);

    /// <summary>
    /// Speech adding up to this much in the opening (default 2.6 s; pauses between sentences do not reset it) is a
    /// machine's greeting.
    /// </summary>
    public TimeSpan MachineMinSpeech { get; set; } = TimeSpan.FromMilliseconds(2600);

    /// <summary>
    /// Quiet after the last speech (default 900 ms, counted from the end of the speech) that closes the opening: a
    /// person waits for an answer, a machine goes on to its next sentence sooner.
    /// </summary>
    public TimeSpan SilenceAfterSpeech { get; set; } = TimeSpan.FromMilliseconds(900);

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
        ArgumentOutOfRangeException.ThrowIfLessThan(SilenceAfterSpeech, TimeSpan.FromMilliseconds(100), nameof(SilenceAfterSpeech));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SilenceAfterSpeech, TimeSpan.FromSeconds(5), nameof(SilenceAfterSpeech));
        ArgumentOutOfRangeException.ThrowIfLessThan(DecisionWindow, MachineMinSpeech, nameof(DecisionWindow));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DecisionWindow, TimeSpan.FromSeconds(30), nameof(DecisionWindow));
    }
}
