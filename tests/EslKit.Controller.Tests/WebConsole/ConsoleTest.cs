using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>A test of the web console over HTTP (the app in memory, a fresh database), with signed-in users.</summary>
public abstract class ConsoleTest(PostgresCluster cluster) : ApiTest(cluster)
{
    /// <summary>A new browser-like client (cookies kept, redirects not followed), not signed in.</summary>
    internal ConsoleClient Anonymous(string baseAddress = "http://localhost") =>
        new(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) }));

    /// <summary>A client signed in with <paramref name="key"/>.</summary>
    internal async Task<ConsoleClient> SignedInAsync(string key)
    {
        var client = Anonymous();
        var response = await client.SignInAsync(key);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>
    /// Asserts <paramref name="body"/> contains <paramref name="expected"/> (whitespace between tags ignored), showing the
    /// text around <paramref name="anchor"/> when not.
    /// </summary>
    internal static void AssertHas(string body, string expected, string anchor)
    {
        body = System.Text.RegularExpressions.Regex.Replace(body, @">\s+<", "><");
        if (!body.Contains(expected, StringComparison.Ordinal))
        {
            int at = Math.Max(0, body.IndexOf(anchor, StringComparison.Ordinal));
            Assert.Fail($"Not found: {expected}\nAround '{anchor}': {body.Substring(at, Math.Min(600, body.Length - at))}");
        }
    }

    /// <summary>Inserts an ended call log of the tenant's campaign and returns its call id.</summary>
    internal async Task<Guid> CallLogAsync(long tenantId, long campaignId, string number, bool answered, DateTimeOffset createdAt, int billsec = 0, decimal cost = 0, decimal revenue = 0)
    {
        var callId = Guid.NewGuid();
        await Database.ExecuteAsync(
            """
            INSERT INTO call_logs (call_id, attempt, tenant_id, campaign_id, number, account_type, route, node, created_at, answered_at, ended_at, duration_seconds, billsec, hangup_cause, telephony_cost, ai_cost, revenue)
            VALUES ($1, 1, $2, $3, $4, 'trial', 'trial via gateway trunk', 'fs1', $5, CASE WHEN $6 THEN $5 + interval '2 seconds' END, $5 + interval '1 minute', 60, $7, CASE WHEN $6 THEN 'NORMAL_CLEARING' ELSE 'USER_BUSY' END, $8, 0, $9)
            """,
            callId, tenantId, campaignId, number, createdAt.ToUniversalTime(), answered, billsec, cost, revenue);
        return callId;
    }
}
