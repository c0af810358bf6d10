namespace EslKit.Controller.Campaigns;

/// <summary>
/// How long an item waits before its next attempt, per kind of outcome, each spread by ±<see cref="Jitter"/>
/// so retries of many items do not arrive together. Stored with the campaign (jsonb).
/// </summary>
/// <param name="BusySeconds">After USER_BUSY.</param>
/// <param name="NoAnswerSeconds">After NO_ANSWER / NO_USER_RESPONSE.</param>
/// <param name="FailureSeconds">After other retryable failures (GATEWAY_DOWN, NORMAL_TEMPORARY_FAILURE …).</param>
/// <param name="NodeRefusalSeconds">After the node's "not now" (<c>-ERR DESTINATION_OUT_OF_ORDER</c>), which costs no attempt.</param>
/// <param name="Jitter">The fraction (0–0.5) by which each wait is randomly lengthened or shortened.</param>
internal sealed record RetryPolicy(int BusySeconds = 300, int NoAnswerSeconds = 900, int FailureSeconds = 120, int NodeRefusalSeconds = 5, double Jitter = 0.2)
{
    /// <summary>Checks the ranges (1 s to 7 days; jitter 0–0.5).</summary>
    /// <exception cref="InputRejectedException">A value out of range.</exception>
    public void Check()
    {
        Seconds(BusySeconds, "retryPolicy.busySeconds");
        Seconds(NoAnswerSeconds, "retryPolicy.noAnswerSeconds");
        Seconds(FailureSeconds, "retryPolicy.failureSeconds");
        Seconds(NodeRefusalSeconds, "retryPolicy.nodeRefusalSeconds");
        if (!(Jitter is >= 0 and <= 0.5))
        {
            throw new InputRejectedException("retryPolicy.jitter", InputError.OutOfRange, "0 to 0.5");
        }
    }

    private static void Seconds(int value, string field)
    {
        if (value is < 1 or > 7 * 24 * 3600)
        {
            throw new InputRejectedException(field, InputError.OutOfRange, "1 second to 7 days");
        }
    }
}
