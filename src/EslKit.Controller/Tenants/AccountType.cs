namespace EslKit.Controller.Tenants;

/// <summary>A tenant's account type, which decides its route and limits.</summary>
internal enum AccountType
{
    /// <summary>Dials through the shared gateway with the shared caller ID; at most 3 concurrent calls.</summary>
    Trial,

    /// <summary>Dials through its own SIP account (phone_config); 1–50 concurrent calls, 10 by default.</summary>
    Pro,
}
