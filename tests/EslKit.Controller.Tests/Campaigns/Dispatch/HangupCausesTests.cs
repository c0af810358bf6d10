using System.Text;
using System.Text.RegularExpressions;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Shared;

namespace EslKit.Controller.Tests.Campaigns.Dispatch;

public sealed partial class HangupCausesTests
{
    // What each cause seen in the captures means (issue 9: retryable vs final; the throttle refusal costs no attempt).
    private static readonly Dictionary<string, CauseClass> Expected = new()
    {
        ["USER_BUSY"] = CauseClass.Retryable,
        ["NO_ANSWER"] = CauseClass.Retryable,
        ["NORMAL_TEMPORARY_FAILURE"] = CauseClass.Retryable,
        ["ORIGINATOR_CANCEL"] = CauseClass.Retryable,
        ["INVALID_GATEWAY"] = CauseClass.NodeRefusal, // nothing reached the callee: another node, no attempt spent
        ["CALL_REJECTED"] = CauseClass.Final,
        ["UNALLOCATED_NUMBER"] = CauseClass.Final,
        ["DESTINATION_OUT_OF_ORDER"] = CauseClass.NodeRefusal,
        ["NORMAL_CLEARING"] = CauseClass.Retryable, // ends answered calls (done); on an unanswered attempt, not a known failure
    };

    [Fact]
    public void Every_cause_in_the_captures_is_classified_as_the_issue_says()
    {
        var causes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryPaths.Fixtures(), "freeswitch-calls"), "*.fs.bin"))
        {
            string text = Encoding.UTF8.GetString(File.ReadAllBytes(file));
            foreach (Match m in ErrBody().Matches(text))
            {
                causes.Add(m.Groups[1].Value);
            }

            foreach (Match m in HangupCauseHeader().Matches(text))
            {
                causes.Add(m.Groups[1].Value);
            }
        }

        Assert.Superset(new HashSet<string>(["USER_BUSY", "NO_ANSWER", "CALL_REJECTED", "UNALLOCATED_NUMBER", "DESTINATION_OUT_OF_ORDER", "NORMAL_TEMPORARY_FAILURE"]), causes);
        foreach (string cause in causes)
        {
            Assert.True(Expected.TryGetValue(cause, out var expected), $"the captures show {cause}, which this test does not expect");
            Assert.Equal(expected, HangupCauses.Classify(cause));
            Assert.Equal(expected, HangupCauses.Classify("-ERR " + cause));
        }
    }

    [Theory]
    [InlineData("-ERR USER_BUSY\n", "USER_BUSY")]
    [InlineData("  no_answer ", "NO_ANSWER")]
    [InlineData("-ERR DESTINATION_OUT_OF_ORDER", "DESTINATION_OUT_OF_ORDER")]
    [InlineData("", "UNKNOWN")]
    [InlineData("-ERR bad;cause", "UNKNOWN")]
    [InlineData("INVALID_NUMBER_FORMAT", "INVALID_NUMBER_FORMAT")]
    [InlineData("17", "USER_BUSY")]
    [InlineData("SOME_NEW_CAUSE", "SOME_NEW_CAUSE")]
    [InlineData("INSTANCE_LOST", "INSTANCE_LOST")]
    [InlineData("NODE_LOST", "NODE_LOST")]
    public void Causes_are_normalised_to_their_bare_upper_case_word(string text, string expected) =>
        Assert.Equal(expected, HangupCauses.Normalize(text));

    [Fact]
    public void Unknown_causes_are_retryable_and_known_final_ones_final()
    {
        Assert.Equal(CauseClass.Retryable, HangupCauses.Classify("SOMETHING_NEW"));
        Assert.Equal(CauseClass.Final, HangupCauses.Classify("INVALID_NUMBER_FORMAT"));
        Assert.Equal(CauseClass.NodeRefusal, HangupCauses.Classify("GATEWAY_DOWN"));
        Assert.Equal(CauseClass.NodeRefusal, HangupCauses.Classify("-ERR INVALID_GATEWAY"));
        Assert.Equal(CauseClass.Retryable, HangupCauses.Classify(HangupCauses.InstanceLost));
        Assert.Equal(CauseClass.Retryable, HangupCauses.Classify(HangupCauses.NodeLost));
        Assert.Equal(CauseClass.Retryable, HangupCauses.Classify("NO_USER_RESPONSE"));
    }

    [Fact]
    public void Backoff_uses_the_wait_for_the_cause_spread_by_the_jitter()
    {
        var policy = new RetryPolicy(BusySeconds: 100, NoAnswerSeconds: 200, FailureSeconds: 300, NodeRefusalSeconds: 4, Jitter: 0.25);
        var random = new Random(42);
        var seen = new List<double>();
        for (int i = 0; i < 1000; i++)
        {
            double busy = RetryBackoff.Delay(policy, CauseClass.Retryable, "USER_BUSY", random).TotalSeconds;
            Assert.InRange(busy, 75, 125);
            Assert.InRange(RetryBackoff.Delay(policy, CauseClass.Retryable, "NO_ANSWER", random).TotalSeconds, 150, 250);
            Assert.InRange(RetryBackoff.Delay(policy, CauseClass.Retryable, "GATEWAY_DOWN", random).TotalSeconds, 225, 375);
            Assert.InRange(RetryBackoff.Delay(policy, CauseClass.NodeRefusal, "DESTINATION_OUT_OF_ORDER", random).TotalSeconds, 3, 5);
            seen.Add(busy);
        }

        // Spread over the whole range, not one value.
        Assert.True(seen.Min() < 80 && seen.Max() > 120);
        Assert.Equal(TimeSpan.FromSeconds(100), RetryBackoff.Delay(policy with { Jitter = 0 }, CauseClass.Retryable, "USER_BUSY", random));
    }

    [GeneratedRegex(@"\n\n-ERR ([A-Z_]+)\n")]
    private static partial Regex ErrBody();

    [GeneratedRegex(@"\nHangup-Cause: ([A-Z_]+)\n")]
    private static partial Regex HangupCauseHeader();
}
