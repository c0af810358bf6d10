using Deque.AxeCore.Commons;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// Runs axe-core (the copy bundled in Deque.AxeCore.Commons) on the browser's current page, for WCAG 2.1 A and AA and
/// axe's best practices, and keeps what it reports by page: serious and critical violations fail the test; the rest is
/// written to the test's output. The engine is injected and run through WebDriver's script calls, as Deque's own
/// Selenium binding does (that binding is not served here; Selenium.Axe 2.0.3 is built for Selenium 3).
/// </summary>
internal sealed class AccessibilityAudit(Browser browser)
{
    private static readonly Lazy<string> Engine = new(() => new BundledAxeScriptProvider().GetScript());

    private static readonly string Options = JsonConvert.SerializeObject(
        new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } },
        AxeJsonSerializerSettings.Default);

    private readonly List<string> _serious = [];
    private readonly List<string> _other = [];
    private readonly List<string> _pages = [];

    /// <summary>The pages audited, by the name given.</summary>
    public IReadOnlyList<string> Pages => _pages;

    /// <summary>Serious and critical violations: rule, impact, what it asks, and the first elements found.</summary>
    public IReadOnlyList<string> Serious => _serious;

    /// <summary>Moderate and minor violations.</summary>
    public IReadOnlyList<string> Other => _other;

    /// <summary>Audits the current page as <paramref name="page"/>.</summary>
    public void Check(string page)
    {
        foreach (var violation in Run(page))
        {
            string nodes = string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Html));
            string line = $"{page}: {violation.Id} ({violation.Impact}) {violation.Help} — {nodes}";
            (violation.Impact is "serious" or "critical" ? _serious : _other).Add(line);
        }

        _pages.Add(page);
    }

    /// <summary>Runs axe on the current page and returns its violations, without keeping them.</summary>
    public IReadOnlyList<AxeResultItem> Run(string page)
    {
        browser.Driver.ExecuteScript(Engine.Value);
        string json = browser.Driver.ExecuteAsyncScript(
            """
            const done = arguments[arguments.length - 1];
            axe.run(document, JSON.parse(arguments[0])).then(r => done(JSON.stringify(r)), e => done(JSON.stringify({ error: String(e) })));
            """,
            Options) as string ?? throw new InvalidOperationException($"axe returned nothing on {page}");
        var raw = JObject.Parse(json);
        Assert.True(raw["error"] is null, $"axe failed on {page}: {raw["error"]}");
        var result = new AxeResult(raw);
        Assert.NotEmpty(result.Passes); // it did run its rules
        return result.Violations;
    }
}
