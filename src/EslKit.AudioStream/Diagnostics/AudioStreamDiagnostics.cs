using System.Diagnostics;

namespace EslKit.AudioStream.Diagnostics;

/// <summary>
/// The names EslKit.AudioStream reports under: a Meter (created through the application's
/// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> when it has one) and an ActivitySource, both
/// <c>EslKit.AudioStream</c>, and the logger category of the same name.
/// </summary>
public static class AudioStreamDiagnostics
{
    /// <summary>The Meter's, the ActivitySource's and the logger category's name: <c>EslKit.AudioStream</c>.</summary>
    public const string Name = "EslKit.AudioStream";

    private static readonly string Version = typeof(AudioStreamDiagnostics).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>One <c>audiostream.session</c> span per accepted connection, tagged with the call id, frames and close reason.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    internal static string MeterVersion => Version;
}
