using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace EslKit.Controller.Demo;

/// <summary>
/// The demo's command line: <c>--demo</c> runs the demo campaign (what <c>./run.sh</c> does), <c>--serve</c> keeps
/// the controller running after it. The flags are taken out of the arguments before the host reads the rest as
/// configuration (<c>--Key value</c>).
/// </summary>
/// <param name="Serve">Keep running after the demo (<c>./run.sh --serve</c>).</param>
internal sealed record DemoOptions(bool Serve)
{
    /// <summary>The demo's own database in the embedded cluster, emptied at every run (the controller's default database is left alone).</summary>
    public const string DatabaseName = "eslkit_demo";

    /// <summary>Splits the demo flags from the other arguments; null when <c>--demo</c> is not there.</summary>
    public static DemoOptions? Parse(string[] args, out string[] rest)
    {
        ArgumentNullException.ThrowIfNull(args);
        bool demo = args.Contains("--demo", StringComparer.Ordinal);
        bool serve = args.Contains("--serve", StringComparer.Ordinal);
        rest = [.. args.Where(a => a is not ("--demo" or "--serve"))];
        return demo || serve ? new DemoOptions(serve) : null;
    }

    /// <summary>
    /// The demo's settings: quiet logs (warnings; the controller's own at errors: the live display shows what
    /// happens), and — unless serving — the HTTP server on a free loopback port, so a run never collides with
    /// anything on 5000.
    /// </summary>
    public void ApplyTo(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:EslKit.Controller"] = "Error",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = Serve ? "Information" : "Warning",
        });
        if (!Serve && builder.Configuration["urls"] is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
    }
}
