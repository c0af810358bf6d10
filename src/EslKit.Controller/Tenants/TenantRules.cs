namespace EslKit.Controller.Tenants;

/// <summary>The concurrency rules of the account types (issue 9): trial 3; pro default 10, at most 50.</summary>
internal static class TenantRules
{
    public const int TrialConcurrencyLimit = 3;
    public const int ProDefaultConcurrencyLimit = 10;
    public const int ProMaxConcurrencyLimit = 50;

    /// <summary>The limit a new tenant gets when none is given.</summary>
    public static int DefaultLimit(AccountType type) => type == AccountType.Trial ? TrialConcurrencyLimit : ProDefaultConcurrencyLimit;

    /// <summary>The highest limit the account type allows.</summary>
    public static int MaxLimit(AccountType type) => type == AccountType.Trial ? TrialConcurrencyLimit : ProMaxConcurrencyLimit;
}
