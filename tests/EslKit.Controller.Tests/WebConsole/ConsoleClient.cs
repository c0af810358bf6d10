using System.Net;
using System.Text.RegularExpressions;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// A console user over HTTP (cookies kept, no redirects followed): reads the antiforgery token from a page's form and
/// posts forms with it, as a browser would.
/// </summary>
internal sealed partial class ConsoleClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    /// <summary>Signs in with <paramref name="key"/> and returns the response (302 on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key) =>
        await PostFormAsync("/sign-in", "/sign-in", new() { ["key"] = key });

    /// <summary>GETs <paramref name="formPage"/>, takes its antiforgery token, and posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        string page = await Http.GetStringAsync(formPage);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = Token(page) };
        return await Http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    /// <summary>A page's body, asserting its status.</summary>
    public async Task<string> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        return body;
    }

    /// <summary>The first antiforgery token in <paramref name="html"/>.</summary>
    public static string Token(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "No antiforgery token in the page.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
