using EslKit.Controller.Tenants;

namespace EslKit.Controller.Routing;

/// <summary>A routed call attempt: the originate to send and what to log about it.</summary>
/// <param name="Originate">The originate, built and escaped by EslKit (its ToString masks the password).</param>
/// <param name="Description">The route for logs and call logs, without secrets: "trial via gateway trunk", "pro 601548732121@sip.example".</param>
/// <param name="Trunk">The trunk the call counts against (<see cref="TrunkNames"/>).</param>
/// <param name="AccountType">The account type it was routed as.</param>
internal sealed record RoutedCall(EslOriginate Originate, string Description, string Trunk, AccountType AccountType);
