using System.Reflection;

namespace EslKit.Controller.WebConsole;

/// <summary>
/// The console's stylesheet and script, embedded in the assembly and served from <c>/console-assets/</c> (no CDN,
/// no build chain: the console works with no internet).
/// </summary>
internal static class ConsoleAssets
{
    /// <summary>The stylesheet's URL.</summary>
    public const string Stylesheet = "/console-assets/console.css";

    /// <summary>The script's URL.</summary>
    public const string Script = "/console-assets/console.js";

    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Assets = new(StringComparer.Ordinal)
    {
        ["console.css"] = ("text/css; charset=utf-8", Read("console.css")),
        ["console.js"] = ("text/javascript; charset=utf-8", Read("console.js")),
    };

    /// <summary>Maps <c>/console-assets/{name}</c>.</summary>
    public static void MapConsoleAssets(this WebApplication app) =>
        app.MapGet("/console-assets/{name}", (string name, HttpResponse response) =>
        {
            if (!Assets.TryGetValue(name, out var asset))
            {
                return Results.NotFound();
            }

            response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(asset.Bytes, asset.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("EslKit.Controller.WebConsole.Assets." + name)
            ?? throw new InvalidOperationException($"The console asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
