using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// Debian's headless chromium driven through its chromedriver (/usr/bin: <c>./test.sh</c> installs both; Selenium
/// Manager is not used, nothing is downloaded). Waits are explicit and generous (a loaded 2-core machine); every page
/// source seen is kept so a test can search them all; screenshots go to TestResults/console-screenshots (git-ignored).
/// </summary>
internal sealed class Browser : IDisposable
{
    /// <summary>Where the screenshots are written.</summary>
    public static readonly string ScreenshotFolder = System.IO.Path.Combine(EslKit.Shared.RepositoryPaths.Root(), "TestResults", "console-screenshots");

    private readonly List<string> _sources = [];

    public Browser(string baseUrl, int width = 1280, int height = 900)
    {
        BaseUrl = baseUrl;
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", $"--window-size={width},{height}", "--lang=en-US", "--no-first-run", "--disable-extensions");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(180));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(120);
        Driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
    }

    public ChromeDriver Driver { get; }

    public string BaseUrl { get; }

    /// <summary>Every page source read so far (at each <see cref="Source"/> and <see cref="Go"/>).</summary>
    public IReadOnlyList<string> Sources => _sources;

    public void Go(string path)
    {
        Driver.Navigate().GoToUrl(BaseUrl + path);
        Keep();
    }

    /// <summary>The current page's path and query.</summary>
    public string Path => new Uri(Driver.Url).PathAndQuery;

    /// <summary>The current page source (kept).</summary>
    public string Source() => Keep();

    public IWebElement Find(string css) => Wait(d => d.FindElement(By.CssSelector(css)), "element " + css);

    /// <summary>Waits for <paramref name="condition"/> (up to 3 minutes by default), ignoring missing elements meanwhile.</summary>
    public T Wait<T>(Func<IWebDriver, T> condition, string what, TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(Driver, timeout ?? TimeSpan.FromSeconds(180)) { PollingInterval = TimeSpan.FromMilliseconds(200), Message = "waiting for " + what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    /// <summary>Waits until the page's path starts with <paramref name="prefix"/> and keeps its source.</summary>
    public void WaitForPath(string prefix)
    {
        Wait(d => new Uri(d.Url).AbsolutePath.StartsWith(prefix, StringComparison.Ordinal) && ((IJavaScriptExecutor)d).ExecuteScript("return document.readyState") as string == "complete", "the page " + prefix);
        Keep();
    }

    public void Type(string css, string text)
    {
        var element = Find(css);
        element.Clear();
        element.SendKeys(text);
    }

    /// <summary>Sets an input's value by script (time inputs take keys in the browser's locale format).</summary>
    public void SetValue(string css, string value) =>
        Driver.ExecuteScript("const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change'));", css, value);

    public void Click(string css) => Find(css).Click();

    /// <summary>Saves a screenshot of the page as <paramref name="name"/> (PNG).</summary>
    public void Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        Driver.GetScreenshot().SaveAsFile(System.IO.Path.Combine(ScreenshotFolder, name));
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }

    private string Keep()
    {
        string source = Driver.PageSource;
        _sources.Add(source);
        return source;
    }
}
