using EslKit.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>How a <see cref="ControllerHarness"/> is set up.</summary>
internal sealed class HarnessOptions
{
    /// <summary>The emulator's sessions-per-second (FreeSWITCH lets N-1 through a second).</summary>
    public int SwitchSessionsPerSecond { get; init; } = 100;

    public int SwitchMaxSessions { get; init; } = 500;

    /// <summary>The emulator's ESL password.</summary>
    public string SwitchPassword { get; init; } = "ClueCon";

    /// <summary>The emulator's clock (talk times, CDR times); the system's by default.</summary>
    public TimeProvider? SwitchTime { get; init; }

    /// <summary>Scripts the emulator (outcomes, hosts, accounts) before the controller starts.</summary>
    public Action<EslSwitchEmulator>? ConfigureSwitch { get; init; }

    /// <summary>The node's calls per second.</summary>
    public int CallsPerSecond { get; init; } = 20;

    public int NodeMaxSessions { get; init; } = 200;

    public int OriginateTimeoutSeconds { get; init; } = 30;

    public int TrunkLimit { get; init; } = 3;

    public int PacingMarginMilliseconds { get; init; } = 50;

    /// <summary>Whether the dispatcher loop runs (false: the test steps it with DispatchRoundAsync).</summary>
    public bool Dispatch { get; init; } = true;

    /// <summary>The controller's clock; the system's by default.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Whether the node's gateway is expected registered once ready.</summary>
    public bool ExpectGatewayUsable { get; init; } = true;

    /// <summary>More configuration (overrides).</summary>
    public Dictionary<string, string?> Configuration { get; init; } = [];
}
