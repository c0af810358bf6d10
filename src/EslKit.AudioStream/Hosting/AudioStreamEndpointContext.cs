using EslKit.AudioStream.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EslKit.AudioStream.Hosting;

/// <summary>What every session of one <c>MapAudioStream</c> endpoint shares.</summary>
internal sealed class AudioStreamEndpointContext
{
    public AudioStreamEndpointContext(AudioStreamOptions options, ILogger logger, AudioStreamMetrics metrics, TimeProvider timeProvider, string pattern, IHostApplicationLifetime? lifetime)
    {
        Lifetime = lifetime;
        Options = options;
        Logger = logger;
        Metrics = metrics;
        TimeProvider = timeProvider;
        Pattern = pattern;
        Registry = new AudioStreamRegistry(options.MaxSessions);
    }

    public AudioStreamOptions Options { get; }

    public ILogger Logger { get; }

    public AudioStreamMetrics Metrics { get; }

    public TimeProvider TimeProvider { get; }

    public string Pattern { get; }

    public AudioStreamRegistry Registry { get; }

    /// <summary>The host's lifetime, when there is one: stopping it closes every session with 1001.</summary>
    public IHostApplicationLifetime? Lifetime { get; }
}
