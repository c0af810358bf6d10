using EslKit.Testing;

namespace EslKit.Controller.Demo;

/// <summary>A number of the demo campaigns, as uploaded, and what the demo switch does when it is dialled.</summary>
/// <param name="Uploaded">The number as the upload has it (formatted as people write them).</param>
/// <param name="Digits">Its E.164 digits (what is dialled).</param>
/// <param name="Story">What happens, for the reader of the summary.</param>
/// <param name="Outcomes">The switch's answer to each dial in turn (the last one repeats); empty for a number never dialled.</param>
internal sealed record DemoNumber(string Uploaded, string Digits, string Story, IReadOnlyList<EslCallOutcome> Outcomes);
