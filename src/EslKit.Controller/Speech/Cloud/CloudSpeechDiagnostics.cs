using System.Diagnostics;
using System.Diagnostics.Metrics;
using EslKit.Controller.Diagnostics;

namespace EslKit.Controller.Speech.Cloud;

/// <summary>
/// The cloud providers' instruments, on the controller's Meter and ActivitySource ("EslKit.Controller"). Tags carry
/// the provider, the outcome and the failure kind only.
/// </summary>
internal static class CloudSpeechDiagnostics
{
    public static ActivitySource ActivitySource => ControllerDiagnostics.ActivitySource;

    /// <summary>Time to the first useful output: first audio (TTS), first token (agent), transcript after the end of audio (STT).</summary>
    public static readonly Histogram<double> FirstOutputLatency =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.speech.provider.latency", "s",
            "Cloud speech providers: time to the first audio (text-to-speech), first token (agent) or the transcript after the end of audio (speech-to-text).");

    public static readonly Histogram<double> RequestDuration =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.speech.provider.duration", "s",
            "Cloud speech providers: whole request duration, by provider and outcome (ok, cancelled, or the failure kind).");

    public static readonly Counter<long> Failures =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.speech.provider.failures", "{request}",
            "Cloud speech provider requests that failed, by provider and failure kind.");

    /// <summary>Records a finished request: its duration, its outcome and, on failure, the kind.</summary>
    public static void RecordOutcome(string provider, TimeSpan duration, SpeechProviderException? failure, bool cancelled, Activity? activity)
    {
        string outcome = failure is not null ? SpeechProviderException.FailureName(failure.Failure) : cancelled ? "cancelled" : "ok";
        RequestDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));
        if (failure is not null)
        {
            Failures.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("kind", outcome));
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
            if (failure.StatusCode is int status)
            {
                activity?.SetTag("http.response.status_code", status);
            }
        }

        activity?.SetTag("eslkit.speech.outcome", outcome);
    }

    public static void RecordFirstOutput(string provider, TimeSpan latency) =>
        FirstOutputLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));

    public static Activity? StartActivity(string provider, string operation)
    {
        Activity? activity = ActivitySource.StartActivity($"{provider} {operation}", ActivityKind.Client);
        activity?.SetTag("eslkit.speech.provider", provider);
        return activity;
    }
}
