namespace EslKit.Controller.Api.Diagnostics;

/// <summary>
/// The HTTP API's log messages (event ids 6xxx). They carry methods, route templates (never raw paths or query
/// strings), field names, error kinds, tenant ids and counts: never an API key, a password or a request body.
/// </summary>
internal static partial class ApiLog
{
    [LoggerMessage(6001, LogLevel.Information, "API key refused for {Method} {Route}: {Reason}")]
    public static partial void KeyRefused(ILogger logger, string method, string route, string reason);

    [LoggerMessage(6002, LogLevel.Warning, "No admin key is configured (Api:AdminKey or Api:AdminKeySha256): the admin API refuses every request")]
    public static partial void NoAdminKey(ILogger logger);

    [LoggerMessage(6003, LogLevel.Information, "{Method} {Route} refused: {Field} ({Error})")]
    public static partial void InputRejected(ILogger logger, string method, string route, string field, string error);

    [LoggerMessage(6004, LogLevel.Debug, "{Method} {Route}: {Kind} {Id} not found for the caller")]
    public static partial void NotFound(ILogger logger, string method, string route, string kind, long id);

    [LoggerMessage(6005, LogLevel.Information, "Rate limit reached for {Owner}")]
    public static partial void RateLimited(ILogger logger, string owner);

    [LoggerMessage(6006, LogLevel.Information, "Number upload for campaign {CampaignId} refused: {Rejected} invalid line(s), nothing imported")]
    public static partial void UploadRefused(ILogger logger, long campaignId, int rejected);

    [LoggerMessage(6007, LogLevel.Information, "Request body refused for {Method} {Route}: {Reason}")]
    public static partial void BodyRefused(ILogger logger, string method, string route, string reason);

    [LoggerMessage(6008, LogLevel.Information, "Admin: {Action} for tenant {TenantId}")]
    public static partial void AdminAction(ILogger logger, string action, long tenantId);

    [LoggerMessage(6009, LogLevel.Debug, "Active calls per tenant not sampled: {Error}; the last figures stay")]
    public static partial void SampleFailed(ILogger logger, string error);
}
