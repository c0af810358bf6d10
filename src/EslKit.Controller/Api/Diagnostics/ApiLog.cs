namespace EslKit.Controller.Api.Diagnostics;

/// <summary>
/// The HTTP API's log messages (event ids 8xxx: 6xxx are the nodes', 7xxx the demo's). They carry methods, route templates (never raw paths or query
/// strings), field names, error kinds, tenant ids and counts: never an API key, a password or a request body.
/// </summary>
internal static partial class ApiLog
{
    [LoggerMessage(8001, LogLevel.Information, "API key refused for {Method} {Route}: {Reason}")]
    public static partial void KeyRefused(ILogger logger, string method, string route, string reason);

    [LoggerMessage(8002, LogLevel.Warning, "No admin key is configured (Api:AdminKey or Api:AdminKeySha256): the admin API refuses every request")]
    public static partial void NoAdminKey(ILogger logger);

    [LoggerMessage(8003, LogLevel.Information, "{Method} {Route} refused: {Field} ({Error})")]
    public static partial void InputRejected(ILogger logger, string method, string route, string field, string error);

    [LoggerMessage(8004, LogLevel.Debug, "{Method} {Route}: {Kind} {Id} not found for the caller")]
    public static partial void NotFound(ILogger logger, string method, string route, string kind, long id);

    [LoggerMessage(8005, LogLevel.Information, "Rate limit reached for {Owner}")]
    public static partial void RateLimited(ILogger logger, string owner);

    [LoggerMessage(8006, LogLevel.Information, "Number upload for campaign {CampaignId} refused: {Rejected} invalid line(s), nothing imported")]
    public static partial void UploadRefused(ILogger logger, long campaignId, int rejected);

    [LoggerMessage(8007, LogLevel.Information, "Request body refused for {Method} {Route}: {Reason}")]
    public static partial void BodyRefused(ILogger logger, string method, string route, string reason);

    [LoggerMessage(8008, LogLevel.Information, "Admin: {Action} for tenant {TenantId}")]
    public static partial void AdminAction(ILogger logger, string action, long tenantId);

    [LoggerMessage(8009, LogLevel.Debug, "Active calls per tenant not sampled: {Error}; the last figures stay")]
    public static partial void SampleFailed(ILogger logger, string error);
}
