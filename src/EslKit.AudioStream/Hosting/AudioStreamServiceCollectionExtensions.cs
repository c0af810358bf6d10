using EslKit.AudioStream;
using EslKit.AudioStream.Diagnostics;
using EslKit.AudioStream.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers EslKit.AudioStream's defaults.</summary>
public static class AudioStreamServiceCollectionExtensions
{
    /// <summary>
    /// Sets the defaults every <c>MapAudioStream</c> endpoint starts from (validated when the host starts), and
    /// shares one set of metrics between them. Optional: <c>MapAudioStream</c> works without it, from
    /// <see cref="AudioStreamOptions"/>' defaults.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes to the defaults.</param>
    public static IServiceCollection AddAudioStream(this IServiceCollection services, Action<AudioStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<AudioStreamOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AudioStreamOptions>, AudioStreamOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new AudioStreamMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }
}
