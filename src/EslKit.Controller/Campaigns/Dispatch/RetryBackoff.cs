namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>The wait before the next attempt: the policy's base for the cause, spread by ±jitter.</summary>
internal static class RetryBackoff
{
    /// <summary>The wait after <paramref name="cause"/> (normalised), of class <paramref name="causeClass"/>.</summary>
    public static TimeSpan Delay(RetryPolicy policy, CauseClass causeClass, string cause, Random random)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(random);
        int seconds = causeClass == CauseClass.NodeRefusal ? policy.NodeRefusalSeconds
            : HangupCauses.IsBusy(cause) ? policy.BusySeconds
            : HangupCauses.IsNoAnswer(cause) ? policy.NoAnswerSeconds
            : policy.FailureSeconds;
        double factor = 1 + (policy.Jitter * ((random.NextDouble() * 2) - 1));
        return TimeSpan.FromSeconds(seconds * factor);
    }
}
