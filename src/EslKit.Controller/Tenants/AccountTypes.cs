namespace EslKit.Controller.Tenants;

/// <summary>The database and log spelling of <see cref="AccountType"/> (<c>trial</c>, <c>pro</c>).</summary>
internal static class AccountTypes
{
    public static string ToText(this AccountType type) => type switch
    {
        AccountType.Trial => "trial",
        AccountType.Pro => "pro",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static AccountType Parse(string text) => text switch
    {
        "trial" => AccountType.Trial,
        "pro" => AccountType.Pro,
        _ => throw new InvalidOperationException($"Unknown account type '{text}' in the database."),
    };
}
