using System.Globalization;

namespace EslKit.Controller.Routing;

/// <summary>
/// The names of the trunks concurrency is counted on: <c>gateway:&lt;name&gt;</c> for the shared trial gateway
/// (a row in <c>trunks</c>), <c>tenant:&lt;id&gt;</c> for a pro tenant's own SIP account (held to the tenant's limit).
/// </summary>
internal static class TrunkNames
{
    public static string Gateway(string gateway) => "gateway:" + gateway;

    public static string Tenant(long tenantId) => "tenant:" + tenantId.ToString(CultureInfo.InvariantCulture);
}
