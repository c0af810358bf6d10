using EslKit.Diagnostics;

namespace EslKit.Testing;

/// <summary>One <c>originate</c> the emulator received, for tests to assert on (<see cref="EslEmulatorCalls.Originates"/>).</summary>
public sealed class EslEmulatorOriginateRecord
{
    private readonly IReadOnlyCollection<string> _secretNames;

    internal EslEmulatorOriginateRecord(DateTimeOffset receivedAt, string arguments, string? jobUuid, IReadOnlyCollection<string> secretNames)
    {
        ReceivedAt = receivedAt;
        Arguments = arguments;
        JobUuid = jobUuid;
        _secretNames = secretNames;
    }

    /// <summary>When it arrived (the emulator's clock).</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The originate's argument exactly as received — secrets included: assert on it, never log it (use <see cref="ToString"/>).</summary>
    public string Arguments { get; }

    /// <summary>The Job-UUID for <c>bgapi</c>, else null.</summary>
    public string? JobUuid { get; }

    /// <summary>What it answered (<c>+OK &lt;uuid&gt;</c>, <c>-ERR USER_BUSY</c> …), once done.</summary>
    public string? Result { get; internal set; }

    /// <summary>The legs' channel uuids it created, in order.</summary>
    public IReadOnlyList<Guid> CreatedUuids => [.. _created];

    internal List<Guid> _created = [];

    internal List<Internal.FsCallLeg> _legs = [];

    /// <summary>The originate with <c>sip_auth_password</c> and <see cref="EslEmulatorOptions.SecretVariables"/> masked, and its result.</summary>
    public override string ToString() =>
        $"originate {EslRedaction.RedactVariables(Arguments, _secretNames)}{(Result is null ? string.Empty : " -> " + Result.TrimEnd('\n'))}";
}
