using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace EslKit.Controller.Speech.Cloud;

/// <summary>
/// The resilience every request-then-stream service gets (Microsoft.Extensions.Http.Resilience, Polly): bounded
/// retries of 5xx, 408, connection failures and 429 (honouring <c>Retry-After</c> up to a maximum), each attempt
/// bounded by <see cref="CloudServiceOptions.RequestTimeout"/> until the response begins. A streamed body is read
/// outside the pipeline, so nothing already streamed is ever replayed. 401/403 are never retried.
/// </summary>
internal static class CloudResilience
{
    /// <summary>Adds the pipeline to a named client.</summary>
    /// <param name="builder">The client.</param>
    /// <param name="pipelineName">The pipeline's name (in Polly's telemetry).</param>
    /// <param name="boundEachAttempt">
    /// False for a request whose body is streamed while the caller speaks (speech-to-text): the wait for its response
    /// starts only once the audio is complete, so the provider bounds it itself.
    /// </param>
    public static IHttpClientBuilder AddCloudResilience<TOptions>(this IHttpClientBuilder builder, string pipelineName, bool boundEachAttempt = true)
        where TOptions : CloudServiceOptions
    {
        builder.AddResilienceHandler(pipelineName, (pipeline, context) =>
        {
            TOptions options = context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value;
            pipeline.TimeProvider = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
            if (options.MaxRetries > 0)
            {
                TimeSpan maxRetryAfter = options.MaxRetryAfter;
                TimeProvider time = pipeline.TimeProvider;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    MaxDelay = maxRetryAfter > options.RetryDelay ? maxRetryAfter : options.RetryDelay,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, maxRetryAfter, time)),
                });
            }

            if (boundEachAttempt)
            {
                pipeline.AddTimeout(options.RequestTimeout);
            }
        });
        return builder;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter, TimeProvider time)
    {
        if (outcome.Exception is not null)
        {
            // The caller's cancellation surfaces as OperationCanceledException and is never retried.
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        HttpResponseMessage? response = outcome.Result;
        if (response is null || !CloudHttp.IsTransient(response.StatusCode))
        {
            return false;
        }

        // A wait longer than a caller on the line can bear is not waited for: the 429 goes back as RateLimited.
        return response.StatusCode != HttpStatusCode.TooManyRequests
            || CloudHttp.RetryAfter(response, time) is not { } wait || wait <= maxRetryAfter;
    }
}
