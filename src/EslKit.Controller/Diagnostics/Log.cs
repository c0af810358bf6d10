using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Diagnostics;

/// <summary>
/// Every log message of the controller, with fixed event ids (1xxx storage, 2xxx tenants, 3xxx routing,
/// 4xxx campaigns and dispatch, 5xxx calls). Arguments are ids, counts, route descriptions and reasons:
/// never a password, key or full originate argument.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Starting the embedded PostgreSQL cluster in {DataDirectory}")]
    public static partial void StartingCluster(ILogger logger, string dataDirectory);

    [LoggerMessage(1002, LogLevel.Information, "Embedded PostgreSQL cluster initialised in {DataDirectory}")]
    public static partial void ClusterInitialised(ILogger logger, string dataDirectory);

    [LoggerMessage(1003, LogLevel.Information, "Embedded PostgreSQL cluster running on port {Port} (started here: {StartedHere})")]
    public static partial void ClusterRunning(ILogger logger, int port, bool startedHere);

    [LoggerMessage(1004, LogLevel.Information, "Stopped the embedded PostgreSQL cluster in {DataDirectory}")]
    public static partial void ClusterStopped(ILogger logger, string dataDirectory);

    [LoggerMessage(1005, LogLevel.Information, "Applied migration {Version} ({Name})")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(1006, LogLevel.Information, "Database schema is at version {Version}; {Applied} migration(s) applied by this instance")]
    public static partial void SchemaReady(ILogger logger, int version, int applied);

    [LoggerMessage(1007, LogLevel.Warning, "Stopping the embedded PostgreSQL cluster failed")]
    public static partial void ClusterStopFailed(ILogger logger, Exception exception);

    [LoggerMessage(2001, LogLevel.Information, "Tenant {TenantId} created ({AccountType}, limit {ConcurrencyLimit})")]
    public static partial void TenantCreated(ILogger logger, long tenantId, string accountType, int concurrencyLimit);

    [LoggerMessage(2002, LogLevel.Information, "SIP configuration saved for tenant {TenantId}: {Route}")]
    public static partial void PhoneConfigSaved(ILogger logger, long tenantId, string route);

    [LoggerMessage(2003, LogLevel.Warning, "SIP configuration refused for tenant {TenantId}: {Field} ({Error})")]
    public static partial void PhoneConfigRefused(ILogger logger, long tenantId, string field, string error);

    [LoggerMessage(2004, LogLevel.Information, "Re-encrypted {Count} SIP password(s) under key {KeyId}")]
    public static partial void SecretsRotated(ILogger logger, int count, string keyId);

    [LoggerMessage(2005, LogLevel.Information, "API key issued for tenant {TenantId} (prefix {Prefix})")]
    public static partial void ApiKeyIssued(ILogger logger, long tenantId, string prefix);

    [LoggerMessage(3001, LogLevel.Warning, "Item {ItemId} of tenant {TenantId} cannot be routed: {Reason}")]
    public static partial void RouteRefused(ILogger logger, long itemId, long tenantId, string reason);

    [LoggerMessage(3002, LogLevel.Debug, "Item {ItemId} attempt {Attempt} routed: {Route}")]
    public static partial void Routed(ILogger logger, long itemId, int attempt, string route);

    [LoggerMessage(4001, LogLevel.Information, "Campaign {CampaignId}: imported {Accepted} number(s), {Duplicates} duplicate(s), {Dnc} on the DNC list, {OutsideWindow} never inside the calling window, {Rejected} rejected")]
    public static partial void NumbersImported(ILogger logger, long campaignId, int accepted, int duplicates, int dnc, int outsideWindow, int rejected);

    [LoggerMessage(4002, LogLevel.Information, "Campaign {CampaignId} is now {State}")]
    public static partial void CampaignStateChanged(ILogger logger, long campaignId, string state);

    [LoggerMessage(4003, LogLevel.Debug, "Instance {InstanceId} claimed {Count} item(s) of tenant {TenantId} on trunk {Trunk}")]
    public static partial void ItemsClaimed(ILogger logger, string instanceId, int count, long tenantId, string trunk);

    [LoggerMessage(4004, LogLevel.Information, "Item {ItemId} attempt {Attempt}: {Cause} -> {State}")]
    public static partial void OutcomeRecorded(ILogger logger, long itemId, int attempt, string cause, string state);

    [LoggerMessage(4005, LogLevel.Debug, "Outcome for call {CallId} attempt {Attempt} ignored: the item is no longer in that attempt")]
    public static partial void StaleOutcome(ILogger logger, Guid callId, int attempt);

    [LoggerMessage(5001, LogLevel.Debug, "Call log for {CallId} attempt {Attempt} written")]
    public static partial void CallLogWritten(ILogger logger, Guid callId, int attempt);
}
