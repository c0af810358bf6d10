using EslKit.Controller.Routing;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>A claimed item with its routed originate, ready for the dispatcher loop to send (bgapi).</summary>
/// <param name="Item">The claim.</param>
/// <param name="Route">The originate and the route description (no secrets).</param>
internal sealed record PreparedCall(ClaimedItem Item, RoutedCall Route);
