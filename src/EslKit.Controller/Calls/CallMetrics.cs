using System.Diagnostics.Metrics;
using EslKit.Controller.Diagnostics;

namespace EslKit.Controller.Calls;

/// <summary>The instruments of answered calls and call ends, on the controller's Meter. Tags: results, sources, subclasses.</summary>
internal static class CallMetrics
{
    public static readonly Counter<long> AudioStreamStarts =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.audio_stream.starts", "{call}", "uuid_audio_stream start commands, by result (ok, failed).");

    public static readonly Counter<long> HangupsHeard =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.hangups.heard", "{event}", "CHANNEL_HANGUP_COMPLETE of our calls, by source (session, inbound) and result (recorded; known: this instance had written it, so no database work).");

    public static readonly Counter<long> SessionsAnswered =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.sessions", "{call}", "Outbound sessions of answered calls, by result (ours, foreign).");
}
